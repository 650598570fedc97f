using HumanClap.Common;
using HumanClap.Scoring;

namespace HumanClap.Evaluation;

/// <summary>Scores every system's clips with every backbone and computes the statistics.</summary>
public static class Evaluator
{
    /// <summary>Loads every backbone (all of them before any scoring, so a bad one fails the run at once, named),
    /// then scores the shard's clips with each in turn.</summary>
    public static IReadOnlyList<ClipScore> Score(EvaluationOptions o, Action<string>? log = null)
    {
        var scorers = new List<(Backbone Backbone, ClapScorer Scorer)>();
        try
        {
            foreach (var b in o.Backbones) scorers.Add((b, Load(b, o.Scorer)));
            var all = new List<ClipScore>();
            foreach (var (b, scorer) in scorers)
            {
                var scores = ClipScoring.Score(scorer, b.Name, o.Set.Clips, o.BatchSize, o.Shard);
                var c = scorer.Counters;
                log?.Invoke($"{b.Name}: {scores.Count(s => s.Cosine is not null)} clips scored, " +
                            $"{scores.Count(s => s.Cosine is null)} failed; {c.ClipsEmbedded} clips and " +
                            $"{c.TextsEmbedded} texts embedded, {c.CacheHits} from the cache");
                all.AddRange(scores);
            }
            return all;
        }
        finally
        {
            foreach (var (_, scorer) in scorers) scorer.Dispose();
        }
    }

    private static ClapScorer Load(Backbone b, ScorerOptions options)
    {
        try { return ClapScorer.FromPretrained(b.Checkpoint, options); }
        catch (Exception e) when (e is UserInputException or IOException or UnauthorizedAccessException)
        {
            throw new UserInputException($"--model {b.Name}={b.Checkpoint} does not load: {e.Message}", e);
        }
    }

    /// <summary>The statistics of complete scores (a single run's, or merged shards').</summary>
    public static EvaluationResults Analyse(EvaluationSet set, IReadOnlyList<string> backbones,
        IReadOnlyList<ClipScore> scores, ListenerRatings? ratings, int resamples, int seed)
    {
        var common = set.CommonPrompts().ToHashSet(StringComparer.Ordinal);
        var categories = set.Prompts.Select(p => p.Category).Where(c => c.Length > 0).Distinct()
            .Order(StringComparer.Ordinal).ToList();
        var means = new List<SystemScore>();
        var categoryMeans = new List<SystemScore>();
        var comparisons = new List<SystemComparison>();
        var rankings = new Dictionary<string, Ranking>();
        foreach (var b in backbones)
        {
            var mine = scores.Where(s => s.Backbone == b).ToList();
            var overall = SystemStatistics.Means(mine, set.Systems, common, "", resamples, seed);
            means.AddRange(overall);
            foreach (var c in categories)
                categoryMeans.AddRange(SystemStatistics.Means(mine, set.Systems, common, c, resamples, seed));
            comparisons.AddRange(SystemStatistics.Compare(mine, set.Systems, resamples, seed));
            rankings[b] = SystemStatistics.Rank(b, overall.ToDictionary(m => m.System, m => m.ClapScore.Estimate));
        }
        var listeners = ratings is null ? null
            : HumanAgreement.Compute(scores, backbones, set.Systems, common, rankings, ratings, resamples, seed);
        var judges = backbones.Select(b => rankings[b]).ToList();
        if (listeners is not null) judges.Add(listeners.Listeners);
        var failed = scores.Where(s => s.Cosine is null).Select(s => new FailedClip(s.Backbone, s.Clip.System,
            s.Clip.PromptId, s.Clip.AudioPath, s.Error ?? "")).ToList();
        return new EvaluationResults(seed, resamples, set.Systems, backbones, categories, set.Prompts.Count,
            common.Count, set.Clips.Count, failed, means, categoryMeans, comparisons, judges,
            SystemStatistics.Agreements(judges), listeners);
    }
}
