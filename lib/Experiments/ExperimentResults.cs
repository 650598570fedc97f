using HumanClap.Metrics;

namespace HumanClap.Experiments;

/// <summary>Everything the reproduction produced; the tables, figures and results.json are views of this.</summary>
public sealed record ExperimentResults(
    ExperimentOptions Options,
    string DataSource,
    int Epochs,
    double LearningRate,
    int PretrainEpochs,
    IReadOnlyList<EvaluatedPair> TestPairs,
    IReadOnlyList<ModelResult> Models,
    NoiseCeilingResult TestNoiseCeiling,
    DataCounts Counts,
    IReadOnlyDictionary<string, double> StageSeconds)
{
    public ModelResult Baseline => Models.First(m => m.IsBaseline);

    /// <summary>Other CLAP checkpoints scored zero-shot on the same test pairs (real data, --compare): Table 1 rows
    /// and Figure 1 panels, never trained. Kept apart from <see cref="Models"/>, which are the baseline and the loss
    /// variants trained from it.</summary>
    public IReadOnlyList<ModelResult> Comparisons { get; init; } = [];

    /// <summary>A finished run read back from <paramref name="runDir"/>/results.json (strict: a missing or mistyped
    /// field is an error naming the file and the field). The tables and figures are views of what it returns.</summary>
    public static ExperimentResults Load(string runDir) =>
        ResultsJsonReader.Read(RunFolder.ResultsJson(runDir), runDir);
    public ModelResult? Model(string name) => Models.FirstOrDefault(m => m.Name == name);
}
