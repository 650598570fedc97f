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
