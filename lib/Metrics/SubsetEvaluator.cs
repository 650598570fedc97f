namespace HumanClap.Metrics;

/// <summary>Metrics on the whole set and on the paper's subsets (Table 3): by origin, by system, by subjective
/// score.</summary>
internal static class SubsetEvaluator
{
    /// <summary>The subsets in results.json order: all, natural, synthesized, each system (ordinal order), then
    /// each origin's pairs above 5 and at most 5.</summary>
    public static IReadOnlyList<PairSubset> Subsets(IEnumerable<string> systems) =>
    [
        .. PairSubset.Origins,
        .. PairSubset.OfSystems(systems),
        .. PairSubset.Origins.SelectMany(origin =>
            new[] { PairSubset.ByScore(origin, high: true), PairSubset.ByScore(origin, high: false) }),
    ];

    public static IReadOnlyList<SubsetMetrics> Evaluate(IReadOnlyList<EvaluatedPair> pairs) =>
        Subsets(pairs.Select(p => p.System)).Select(subset =>
        {
            var chosen = pairs.Where(subset.Contains).ToList();
            return new SubsetMetrics(subset.Key, Correlations.Evaluate(
                chosen.Select(p => p.Predicted).ToArray(), chosen.Select(p => p.Subjective01).ToArray()));
        }).ToList();
}
