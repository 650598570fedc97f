using HumanClap.Metrics;

namespace HumanClap.Ratings;

/// <summary>
/// The paper's Section 2 pipeline, in one place: load RELATE-format ratings, screen listeners by their anchors,
/// average each pair's kept ratings, split the pairs (the paper's protocol and the dataset's own columns) and
/// estimate the noise ceilings. The `ratings` command, the experiment, the synthetic world's diagnostics and
/// notebook 01 all run this.
/// </summary>
public static class RatingsPipeline
{
    /// <summary>The subset name of the noise ceiling over all kept ratings.</summary>
    public const string AllRatings = "all";
    public static readonly IReadOnlyList<string> AudioCapsSplits = ["train", "test"];
    public static readonly IReadOnlyList<string> NoiseCeilingSubsetsAll = [AllRatings, .. AudioCapsSplits];

    public static RatingsPipelineResult Run(RatingsPipelineOptions o)
    {
        var data = RelateLoader.Load(o.ScoresCsv, o.ListenersCsv, new RatingsLoadOptions { Manifest = o.Manifest });
        var screening = Screening.Apply(data.Ratings, o.Screening);
        var pairs = PairAggregator.Aggregate(screening.Kept);
        // Tables, splits and figures of nothing would be empty or fail half-way: a clear error, and nothing written.
        if (pairs.Count == 0)
            throw new RatingsFormatException(
                $"{o.ScoresCsv}: no audio-text pairs to analyse ({data.Ratings.Count} ratings read, " +
                $"{screening.AnchorRatings} anchors, {screening.Kept.Count} kept after screening)");
        var paper = Splits.Paper(pairs, o.Seed, o.ValidationFraction);
        var relate = Splits.Relate(pairs);
        var ceilings = NoiseCeilings(screening.Kept, o);
        var summary = Summarize(o, data, screening, pairs, paper, relate, ceilings);
        return new RatingsPipelineResult(o, data, screening, pairs, paper, relate, ceilings, summary);
    }

    private static Dictionary<string, NoiseCeilingResult> NoiseCeilings(IReadOnlyList<Rating> kept,
        RatingsPipelineOptions o)
    {
        var ceilings = new Dictionary<string, NoiseCeilingResult>();
        foreach (var subset in o.NoiseCeilingSubsets)
        {
            if (subset != AllRatings && !AudioCapsSplits.Contains(subset))
                throw new Common.UserInputException(
                    $"unknown noise-ceiling subset '{subset}' (expected {string.Join(", ", NoiseCeilingSubsetsAll)})");
            var ratings = subset == AllRatings ? kept : kept.Where(r => r.AudioCapsSplit == subset).ToList();
            ceilings[subset] = PairAggregator.NoiseCeiling(ratings, o.Seed, o.NoiseCeilingSplits);
        }
        return ceilings;
    }

    private static RatingsSummary Summarize(RatingsPipelineOptions o, RatingsData data, ScreeningResult screening,
        IReadOnlyList<PairScore> pairs, PairSplits paper, PairSplits relate,
        IReadOnlyDictionary<string, NoiseCeilingResult> ceilings) =>
        new(data.ScoresFile, o.Screening.Threshold, o.Screening.Rule.ToString(), o.Seed,
            data.Ratings.Count, data.Problems.Count, data.ProblemCounts,
            screening.AnchorRatings, screening.ListenersTotal, screening.FlaggedListeners.Count,
            screening.ListenersWithoutAnchors.Count,
            data.Listeners.Count, screening.Kept.Count,
            PairsPerAudioCapsSplit(pairs),
            pairs.GroupBy(p => p.System).OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => PairsPerAudioCapsSplit(g)),
            SplitCounts(paper), SplitCounts(relate),
            ceilings.ToDictionary(kv => kv.Key, kv => kv.Value.CeilingSrcc),
            ceilings.ToDictionary(kv => kv.Key, kv => kv.Value.CeilingLcc),
            ceilings,
            screening.Confusion);

    private static IReadOnlyDictionary<string, int> PairsPerAudioCapsSplit(IEnumerable<PairScore> pairs) =>
        AudioCapsSplits.ToDictionary(s => s, s => pairs.Count(p => p.AudioCapsSplit == s));

    private static IReadOnlyDictionary<string, int> SplitCounts(PairSplits s) => new Dictionary<string, int>
    {
        ["train"] = s.Train.Count, ["validation"] = s.Validation.Count, ["test"] = s.Test.Count,
    };
}
