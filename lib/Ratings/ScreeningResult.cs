namespace HumanClap.Ratings;

public sealed record ScreeningResult(
    ScreeningOptions Options,
    IReadOnlyList<Rating> Kept,
    IReadOnlySet<string> FlaggedListeners,
    IReadOnlyDictionary<string, double> MeanAnchorScore,
    IReadOnlySet<string> ListenersWithoutAnchors,
    int ListenersTotal,
    int AnchorRatings,
    /// <summary>Null when the ratings carry no dataset split (IS.csv, OS.csv).</summary>
    ExclusionConfusion? Confusion);
