using HumanClap.Scoring;

namespace HumanClap.Evaluation;

/// <summary>How an evaluation runs.</summary>
public sealed record EvaluationOptions
{
    public required EvaluationSet Set { get; init; }
    public required IReadOnlyList<Backbone> Backbones { get; init; }
    /// <summary>Device, cache, pickle, processor, seed of the crops: shared by every backbone.</summary>
    public ScorerOptions Scorer { get; init; } = new();
    public int BatchSize { get; init; } = 8;
    public Shard Shard { get; init; } = Shard.Whole;
    public int Resamples { get; init; } = 1000;
    /// <summary>Seed of the bootstrap intervals.</summary>
    public int Seed { get; init; }
    public ListenerRatings? Ratings { get; init; }
}
