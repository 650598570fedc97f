namespace HumanClap.Ratings;

/// <summary>The screened ratings of one (audio, text) pair, averaged.</summary>
/// <param name="Std">Sample standard deviation (n−1); 0 when the pair was rated once.</param>
/// <param name="RelateSplit">The dataset's split of the pair's non-excluded ratings ("excluded" when all were).</param>
public sealed record PairScore(string WavName, string Text, string System, string AudioCapsSplit, string RelateSplit,
    double Mean, double Std, int Count)
{
    /// <summary>The mean rescaled from 0..10 to 0..1 (the regression target).</summary>
    public double Mean01 => Mean / 10.0;
}

internal static class PairAggregator
{
    /// <summary>Each pair's kept scores, pairs ordered by wav then text and scores by listener (ordinal), the fixed
    /// order <see cref="Metrics.NoiseCeiling.Compute"/> needs.</summary>
    public static IReadOnlyList<double[]> ScoresPerPair(IEnumerable<Rating> kept) =>
        ByPair(kept)
            .Select(g => g.OrderBy(r => r.ListenerId, StringComparer.Ordinal).Select(r => (double)r.Score).ToArray())
            .ToList();

    /// <summary>The noise ceiling of the pair means of <paramref name="kept"/> ratings.</summary>
    public static Metrics.NoiseCeilingResult NoiseCeiling(IEnumerable<Rating> kept, int seed = 0, int splits = 100) =>
        Metrics.NoiseCeiling.Compute(ScoresPerPair(kept), seed, splits);

    /// <summary>One row per (wav, text) pair, ordered by wav then text (ordinal) so output is deterministic.</summary>
    public static IReadOnlyList<PairScore> Aggregate(IEnumerable<Rating> kept) =>
        ByPair(kept)
            .Select(g =>
            {
                var scores = g.Select(r => (double)r.Score).ToArray();
                var first = g.First();
                // The dataset marks single ratings `excluded`; a pair's split is the one its remaining ratings carry.
                var relate = g.Select(r => r.RelateSplit).Where(s => s != "excluded").GroupBy(s => s)
                    .OrderByDescending(s => s.Count()).ThenBy(s => s.Key, StringComparer.Ordinal)
                    .Select(s => s.Key).FirstOrDefault() ?? "excluded";
                return new PairScore(g.Key.WavName, g.Key.Text, first.System, first.AudioCapsSplit, relate,
                    MathNet.Numerics.Statistics.Statistics.Mean(scores),
                    scores.Length > 1 ? MathNet.Numerics.Statistics.Statistics.StandardDeviation(scores) : 0.0,
                    scores.Length);
            }).ToList();

    /// <summary>The ratings grouped by (wav, text) pair, pairs ordered by wav then text (ordinal), each group's
    /// ratings in their input order.</summary>
    private static IEnumerable<IGrouping<(string WavName, string Text), Rating>> ByPair(IEnumerable<Rating> kept) =>
        kept.GroupBy(r => (r.WavName, r.Text))
            .OrderBy(g => g.Key.WavName, StringComparer.Ordinal).ThenBy(g => g.Key.Text, StringComparer.Ordinal);
}
