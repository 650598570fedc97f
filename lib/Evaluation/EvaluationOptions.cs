using HumanClap.Scoring;

namespace HumanClap.Evaluation;

/// <summary>How <see cref="Evaluator.Score"/> scores the clips (the statistics take their own resamples and seed:
/// <see cref="Evaluator.Analyse"/>).</summary>
public sealed record EvaluationOptions
{
    public required EvaluationSet Set { get; init; }
    public required IReadOnlyList<Backbone> Backbones { get; init; }
    /// <summary>Device, cache, pickle, processor, seed of the crops: shared by every backbone.</summary>
    public ScorerOptions Scorer { get; init; } = new();
    public int BatchSize { get; init; } = 8;
    public Shard Shard { get; init; } = Shard.Whole;
}
