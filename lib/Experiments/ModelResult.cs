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
    /// <summary>Evaluates <paramref name="model"/>'s CLAPScores (in the order of the test pairs) against the pairs'
    /// subjective scores: every subset, bootstrap intervals, and the paired SRCC comparison with the baseline's scores
    /// when <paramref name="test"/> has them.</summary>
    public static ModelResult FromScores(ModelUnderTest model, double[] clapScores, TestEvaluation test)
    {
        if (clapScores.Length != test.TestPairs.Count) throw new ArgumentException("one score per test pair expected");
        var subjective = test.TestPairs.Select(p => p.Subjective01).ToArray();
        var evaluated = test.TestPairs.Select((p, i) => p with { Predicted = clapScores[i] }).ToList();
        var intervals = Bootstrap.Intervals(clapScores, subjective, test.Resamples, test.Seed);
        var versus = test.BaselineScores is null ? null
            : Bootstrap.CompareSrcc(clapScores, test.BaselineScores, subjective, test.Resamples, test.Seed);
        return new ModelResult(model.Name, model.IsBaseline, model.Checkpoint, clapScores,
            SubsetEvaluator.Evaluate(evaluated), intervals, versus, model.History, model.BestEpoch, model.TrainSeconds);
    }

    public MetricSet Subset(string name) => Subsets.FirstOrDefault(s => s.Subset == name)?.Metrics
        ?? throw new KeyNotFoundException($"no subset '{name}' for {Name}");
}

/// <summary>A model to evaluate: its name and checkpoint and, when it was trained here, how the training went.
/// </summary>
public sealed record ModelUnderTest(string Name, string Checkpoint)
{
    public bool IsBaseline { get; init; }
    public IReadOnlyList<EpochRecord> History { get; init; } = [];
    public int BestEpoch { get; init; }
    public double TrainSeconds { get; init; }
}

/// <summary>What every model is evaluated against: the test pairs with their subjective scores, the bootstrap's
/// resamples and seed, and the baseline's CLAPScores for the paired comparison (null while evaluating the baseline
/// itself).</summary>
public sealed record TestEvaluation(IReadOnlyList<EvaluatedPair> TestPairs, int Resamples, int Seed)
{
    public double[]? BaselineScores { get; init; }
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
        ResultsJsonReader.Read(RunFolder.ResultsJson(runDir), runDir);
    public ModelResult? Model(string name) => Models.FirstOrDefault(m => m.Name == name);
}

public sealed record DataCounts(int RatingsTotal, int ListenersTotal, int ListenersFlagged, int RatingsKept,
    int TrainPairs, int ValidationPairs, int TestPairs, int PretrainClips, int ClipsFailed);
