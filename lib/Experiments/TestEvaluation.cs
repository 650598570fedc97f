using HumanClap.Metrics;

namespace HumanClap.Experiments;

/// <summary>What every model is evaluated against: the test pairs with their subjective scores, the bootstrap's
/// resamples and seed, and the baseline's CLAPScores for the paired comparison (null while evaluating the baseline
/// itself).</summary>
public sealed record TestEvaluation(IReadOnlyList<EvaluatedPair> TestPairs, int Resamples, int Seed)
{
    public double[]? BaselineScores { get; init; }
}
