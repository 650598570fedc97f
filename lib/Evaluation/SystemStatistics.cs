using HumanClap.Metrics;

namespace HumanClap.Evaluation;

/// <summary>The statistics of one backbone's scores that need no ratings.</summary>
internal static class SystemStatistics
{
    /// <summary>Per system, over <paramref name="prompts"/> (the prompts every system has), the mean CLAPScore and
    /// cosine of the scored clips with intervals; <paramref name="category"/> "" for all prompts.</summary>
    public static IReadOnlyList<SystemScore> Means(IReadOnlyList<ClipScore> scores, IReadOnlyList<string> systems,
        IReadOnlySet<string> prompts, string category, int resamples, int seed)
    {
        var result = new List<SystemScore>();
        foreach (var system in systems)
        {
            var mine = scores.Where(s => s.Clip.System == system && s.Cosine is not null
                                         && prompts.Contains(s.Clip.PromptId)
                                         && (category.Length == 0 || s.Clip.Category == category))
                .OrderBy(s => s.Clip.PromptId, StringComparer.Ordinal).ToList();
            if (mine.Count == 0) continue;
            string backbone = mine[0].Backbone;
            var clap = mine.Select(s => s.ClapScore!.Value).ToArray();
            var cos = mine.Select(s => s.Cosine!.Value).ToArray();
            int s0 = Resampling.SeedFor(seed, "mean", backbone, system, category);
            result.Add(new SystemScore(backbone, system, category, mine.Count,
                Resampling.Bootstrap(clap.Length, d => Resampling.Mean(clap, d), resamples, s0).Interval,
                Resampling.Bootstrap(cos.Length, d => Resampling.Mean(cos, d), resamples, s0).Interval));
        }
        return result;
    }

    /// <summary>Every pair of systems (A before B in ordinal order) on the prompts both have a score for.</summary>
    public static IReadOnlyList<SystemComparison> Compare(IReadOnlyList<ClipScore> scores,
        IReadOnlyList<string> systems, int resamples, int seed)
    {
        var bySystem = systems.ToDictionary(s => s, s => scores.Where(c => c.Clip.System == s && c.Cosine is not null)
            .ToDictionary(c => c.Clip.PromptId, c => c.ClapScore!.Value, StringComparer.Ordinal));
        var result = new List<SystemComparison>();
        string backbone = scores.Count > 0 ? scores[0].Backbone : "";
        for (int i = 0; i < systems.Count; i++)
            for (int j = i + 1; j < systems.Count; j++)
            {
                var (a, b) = (bySystem[systems[i]], bySystem[systems[j]]);
                var common = a.Keys.Where(b.ContainsKey).Order(StringComparer.Ordinal).ToList();
                var diffs = common.Select(p => a[p] - b[p]).ToArray();
                var (interval, replicates) = Resampling.Bootstrap(diffs.Length, d => Resampling.Mean(diffs, d),
                    resamples, Resampling.SeedFor(seed, "paired", backbone, systems[i], systems[j]));
                result.Add(new SystemComparison(backbone, systems[i], systems[j], common.Count, interval.Estimate,
                    interval.Lower, interval.Upper, Resampling.PValue(replicates)));
            }
        return result;
    }

    /// <summary>Systems ordered by mean, best first (ties by name, so the order is fixed).</summary>
    public static Ranking Rank(string judge, IReadOnlyDictionary<string, double> means)
    {
        var ordered = means.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        return new(judge, ordered.Select(kv => kv.Key).ToList(), ordered.Select(kv => kv.Value).ToList());
    }

    /// <summary>Kendall's τ-b between every two judges, on the systems both ranked.</summary>
    public static IReadOnlyList<RankAgreement> Agreements(IReadOnlyList<Ranking> rankings)
    {
        var result = new List<RankAgreement>();
        for (int i = 0; i < rankings.Count; i++)
            for (int j = i + 1; j < rankings.Count; j++)
            {
                var (a, b) = (Means(rankings[i]), Means(rankings[j]));
                var common = a.Keys.Where(b.ContainsKey).Order(StringComparer.Ordinal).ToArray();
                result.Add(new RankAgreement(rankings[i].Judge, rankings[j].Judge,
                    Correlations.KendallTau(common.Select(s => a[s]).ToArray(), common.Select(s => b[s]).ToArray())));
            }
        return result;
    }

    private static Dictionary<string, double> Means(Ranking r) =>
        r.Systems.Select((s, i) => (s, r.Means[i])).ToDictionary(x => x.s, x => x.Item2, StringComparer.Ordinal);
}
