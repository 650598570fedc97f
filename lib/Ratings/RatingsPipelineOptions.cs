using HumanClap.Metrics;

namespace HumanClap.Ratings;

/// <summary>Inputs of <see cref="RatingsPipeline.Run"/>; the defaults are the paper's protocol.</summary>
public sealed record RatingsPipelineOptions
{
    public required string ScoresCsv { get; init; }
    public string? ListenersCsv { get; init; }
    /// <summary>Data manifest the files read are checked against (SHA-256); none when null.</summary>
    public string? Manifest { get; init; }
    public ScreeningOptions Screening { get; init; } = new();
    /// <summary>Seed of the paper split's caption shuffle and of the noise ceiling's random halvings.</summary>
    public int Seed { get; init; }
    public double ValidationFraction { get; init; } = 0.2;
    /// <summary>Random halvings per noise ceiling (<see cref="NoiseCeiling.Compute"/>).</summary>
    public int NoiseCeilingSplits { get; init; } = 100;
    /// <summary>The ratings the noise ceilings are computed on: <see cref="RatingsPipeline.AllRatings"/> and/or
    /// AudioCaps splits. A caller that needs fewer (the experiment needs only "test") skips the others' cost.</summary>
    public IReadOnlyList<string> NoiseCeilingSubsets { get; init; } = RatingsPipeline.NoiseCeilingSubsetsAll;
}
