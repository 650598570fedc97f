using HumanClap.Metrics;
using HumanClap.Training;

namespace HumanClap.Experiments;

/// <summary>One scorer evaluated on the test pairs: CLAPScore per pair (in the order of the test split), metrics on
/// every subset, bootstrap intervals, and (for fine-tuned variants) the paired comparison with the baseline.</summary>
public sealed record ModelResult(
    string Name,
    bool IsBaseline,
    string Checkpoint,
    double[] ClapScores,
    IReadOnlyList<SubsetMetrics> Subsets,
    MetricIntervals Intervals,
    PairedComparison? VersusBaseline,
    IReadOnlyList<EpochRecord> History,
    int BestEpoch,
    double TrainSeconds)
{
    /// <summary>Evaluates CLAPScores (in the order of <paramref name="testPairs"/>) against the pairs' subjective
    /// scores: every subset, bootstrap intervals, and the paired SRCC comparison with the baseline's scores.</summary>
    public static ModelResult FromScores(string name, bool isBaseline, string checkpoint, double[] clapScores,
        IReadOnlyList<EvaluatedPair> testPairs, double[]? baselineScores, IReadOnlyList<EpochRecord> history, int bestEpoch,
        double seconds, int resamples, int seed)
    {
        if (clapScores.Length != testPairs.Count) throw new ArgumentException("one score per test pair expected");
        var subjective = testPairs.Select(p => p.Subjective01).ToArray();
        var evaluated = testPairs.Select((p, i) => p with { Predicted = clapScores[i] }).ToList();
        var intervals = Bootstrap.Intervals(clapScores, subjective, resamples, seed);
        var versus = baselineScores is null ? null : Bootstrap.CompareSrcc(clapScores, baselineScores, subjective, resamples, seed);
        return new ModelResult(name, isBaseline, checkpoint, clapScores, SubsetEvaluator.Evaluate(evaluated), intervals, versus,
            history, bestEpoch, seconds);
    }

    public MetricSet Subset(string name) => Subsets.FirstOrDefault(s => s.Subset == name)?.Metrics
        ?? throw new KeyNotFoundException($"no subset '{name}' for {Name}");
}

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
        Reporting.ResultsJsonReader.Read(Path.Combine(runDir, "results.json"), runDir);
    public ModelResult? Model(string name) => Models.FirstOrDefault(m => m.Name == name);
}

public sealed record DataCounts(int RatingsTotal, int ListenersTotal, int ListenersFlagged, int RatingsKept,
    int TrainPairs, int ValidationPairs, int TestPairs, int PretrainClips, int ClipsFailed);
