using HumanClap.Metrics;

namespace HumanClap.Ratings;

/// <summary>The counts and noise ceilings of one pipeline run; summary.json is this record (snake_case keys).</summary>
public sealed record RatingsSummary(
    string ScoresFile, double Threshold, string Rule, int Seed,
    /// <summary>Rows read successfully (anchors included); skipped rows are counted in RowsSkipped.</summary>
    int RatingsTotal, int RowsSkipped, IReadOnlyDictionary<string, int> ProblemCounts,
    int AnchorRatings, int ListenersTotal, int ListenersFlagged, int ListenersWithoutAnchors,
    int ListenersWithAttributes,
    int RatingsKept,
    IReadOnlyDictionary<string, int> PairsKept,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> PairsBySystem,
    IReadOnlyDictionary<string, int> PaperSplits,
    IReadOnlyDictionary<string, int> RelateSplits,
    IReadOnlyDictionary<string, double> NoiseCeilingSrcc,
    IReadOnlyDictionary<string, double> NoiseCeilingLcc,
    IReadOnlyDictionary<string, NoiseCeilingResult> NoiseCeiling,
    ExclusionConfusion? ScreeningVsDataset);
