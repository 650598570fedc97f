using HumanClap.Metrics;

namespace HumanClap.Evaluation;

internal static class HumanAgreement
{
    public const string ListenersJudge = "listeners";

    /// <param name="scores">every backbone's scores.</param>
    /// <param name="prompts">the prompts the rankings use (those every system has).</param>
    public static ListenerAgreement Compute(IReadOnlyList<ClipScore> scores, IReadOnlyList<string> backbones,
        IReadOnlyList<string> systems, IReadOnlySet<string> prompts, IReadOnlyDictionary<string, Ranking> rankings,
        ListenerRatings ratings, int resamples, int seed)
    {
        var listenerMeans = systems.Select(s => (s, ratings.Means
                .Where(kv => kv.Key.System == s && prompts.Contains(kv.Key.PromptId)).Select(kv => kv.Value).ToList()))
            .Where(x => x.Item2.Count > 0).ToDictionary(x => x.s, x => x.Item2.Average(), StringComparer.Ordinal);
        var listeners = SystemStatistics.Rank(ListenersJudge, listenerMeans);
        var agreements = backbones.Select(b => Pairs(b, scores.Where(s => s.Backbone == b).ToList(), ratings,
            SystemTau(rankings[b], listeners), resamples, seed)).ToList();
        int rated = scores.Where(s => s.Backbone == backbones[0]).Count(s => ratings.Means.ContainsKey(s.Clip));
        int all = scores.Count(s => s.Backbone == backbones[0]);
        return new ListenerAgreement(ratings.ScoresCsv, rated, all - rated, listeners, agreements,
            Ratings.PairAggregator.NoiseCeiling(ratings.Kept, seed));
    }

    private static double SystemTau(Ranking backbone, Ranking listeners) =>
        SystemStatistics.Agreements([backbone, listeners])[0].KendallTau;

    private static BackboneAgreement Pairs(string backbone, IReadOnlyList<ClipScore> scores, ListenerRatings ratings,
        double systemTau, int resamples, int seed)
    {
        var rated = scores.Where(s => s.Cosine is not null && ratings.Means.ContainsKey(s.Clip))
            .OrderBy(s => s.Clip.System, StringComparer.Ordinal).ThenBy(s => s.Clip.PromptId, StringComparer.Ordinal)
            .ToList();
        var predicted = rated.Select(s => s.ClapScore!.Value).ToArray();
        var subjective = rated.Select(s => ratings.Means[s.Clip]).ToArray();
        Func<double[], double[], double>[] metrics =
            [Correlations.Srcc, Correlations.Lcc, Correlations.KendallTau, Correlations.Mse];
        var m = Resampling.Bootstrap(predicted.Length,
            metrics.Select(metric => Resampling.OfPairs(predicted, subjective, metric)).ToList(), resamples,
            Resampling.SeedFor(seed, "listeners", backbone));
        return new BackboneAgreement(backbone, rated.Count, m[0].Interval, m[1].Interval, m[2].Interval,
            m[3].Interval, systemTau);
    }
}
