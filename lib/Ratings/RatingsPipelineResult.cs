using HumanClap.Metrics;

namespace HumanClap.Ratings;

/// <summary>Everything one run of the pipeline produced, in memory (lib/Reporting renders and writes it).</summary>
/// <param name="NoiseCeilings">By subset name, in the order of
/// <see cref="RatingsPipelineOptions.NoiseCeilingSubsets"/>.</param>
public sealed record RatingsPipelineResult(RatingsPipelineOptions Options, RatingsData Data, ScreeningResult Screening,
    IReadOnlyList<PairScore> Pairs, PairSplits PaperSplits, PairSplits RelateSplits,
    IReadOnlyDictionary<string, NoiseCeilingResult> NoiseCeilings, RatingsSummary Summary);
