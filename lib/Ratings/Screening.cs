namespace HumanClap.Ratings;

/// <summary>Drops anchor rows and the ratings of listeners whose anchor scores show they were not listening.</summary>
public static class Screening
{
    /// <summary>The paper's threshold: a listener whose mean anchor score is above 2 (of 10) was not listening.
    /// </summary>
    public const double PaperThreshold = 2.0;

    /// <summary>The screening rule, the one place it is written: whether one listener's anchor scores (at least one)
    /// flag them as careless. The synthetic world applies it too, to mark the ratings it writes `excluded`.</summary>
    public static bool IsFlagged(IReadOnlyCollection<double> anchorScores, ScreeningOptions? options = null)
    {
        options ??= new ScreeningOptions();
        return options.Rule switch
        {
            ScreeningRule.MeanAboveThreshold => anchorScores.Average() > options.Threshold,
            ScreeningRule.AnyAboveThreshold => anchorScores.Any(s => s > options.Threshold),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Rule, "unknown screening rule"),
        };
    }

    public static ScreeningResult Apply(IReadOnlyList<Rating> ratings, ScreeningOptions? options = null)
    {
        options ??= new ScreeningOptions();
        var listeners = ratings.Select(r => r.ListenerId).ToHashSet();
        var anchorsByListener = ratings.Where(r => r.IsAnchor).GroupBy(r => r.ListenerId)
            .ToDictionary(g => g.Key, g => g.Select(r => (double)r.Score).ToArray());
        var meanAnchor = anchorsByListener.ToDictionary(kv => kv.Key, kv => kv.Value.Average());
        var flagged = anchorsByListener.Where(kv => IsFlagged(kv.Value, options)).Select(kv => kv.Key).ToHashSet();
        // A listener without anchors cannot be screened: kept, but reported so the caller can decide.
        var noAnchors = listeners.Where(l => !anchorsByListener.ContainsKey(l)).ToHashSet();
        var kept = ratings.Where(r => !r.IsAnchor && !flagged.Contains(r.ListenerId)).ToList();
        bool hasSplit = ratings.Any(r => r.RelateSplit.Length > 0);
        return new ScreeningResult(options, kept, flagged, meanAnchor, noAnchors, listeners.Count,
            ratings.Count(r => r.IsAnchor), hasSplit ? Confusion(ratings, flagged) : null);
    }

    /// <summary>Classifies each listener by how many of their non-anchor ratings the dataset marked `excluded`.
    /// </summary>
    public static IReadOnlyDictionary<string, DatasetExclusion> DatasetExclusionByListener(
        IEnumerable<Rating> ratings) =>
        ratings.GroupBy(r => r.ListenerId).ToDictionary(g => g.Key, g =>
        {
            var rated = g.Where(r => !r.IsAnchor).ToList();
            int excluded = rated.Count(r => r.RelateSplit == "excluded");
            return excluded == 0 ? DatasetExclusion.None
                : excluded == rated.Count ? DatasetExclusion.Fully : DatasetExclusion.Partly;
        });

    private static ExclusionConfusion Confusion(IReadOnlyList<Rating> ratings, HashSet<string> flagged)
    {
        var byListener = DatasetExclusionByListener(ratings);
        int Count(bool isFlagged, DatasetExclusion e) =>
            byListener.Count(kv => flagged.Contains(kv.Key) == isFlagged && kv.Value == e);
        return new ExclusionConfusion(
            Count(true, DatasetExclusion.Fully), Count(true, DatasetExclusion.Partly),
            Count(true, DatasetExclusion.None),
            Count(false, DatasetExclusion.Fully), Count(false, DatasetExclusion.Partly),
            Count(false, DatasetExclusion.None));
    }
}
