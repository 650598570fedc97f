namespace HumanClap.Metrics;

/// <summary>One scored pair: its system, the subjective mean rescaled to 0..1, and the scorer's prediction.</summary>
public sealed record EvaluatedPair(string System, double Subjective01, double Predicted);

public sealed record SubsetMetrics(string Subset, MetricSet Metrics);

/// <summary>Metrics on the whole set and on the paper's subsets (Table 3): by origin, by system, by subjective score.</summary>
public static class SubsetEvaluator
{
    public const string Natural = "natural";
    /// <summary>"score > 5" on the 0..10 scale, i.e. Subjective01 > 0.5.</summary>
    public const double HighScoreCut01 = 0.5;

    public static IReadOnlyList<SubsetMetrics> Evaluate(IReadOnlyList<EvaluatedPair> pairs)
    {
        static bool High(EvaluatedPair p) => p.Subjective01 > HighScoreCut01;
        static bool IsNatural(EvaluatedPair p) => p.System == Natural;
        var subsets = new List<(string, Func<EvaluatedPair, bool>)>
        {
            ("all", _ => true),
            ("natural", IsNatural),
            ("synthesized", p => !IsNatural(p)),
        };
        foreach (var system in pairs.Select(p => p.System).Where(s => s != Natural).Distinct().OrderBy(s => s, StringComparer.Ordinal))
            subsets.Add((system, p => p.System == system));
        subsets.AddRange([
            ("score>5", High), ("score<=5", p => !High(p)),
            ("natural score>5", p => IsNatural(p) && High(p)), ("natural score<=5", p => IsNatural(p) && !High(p)),
            ("synthesized score>5", p => !IsNatural(p) && High(p)), ("synthesized score<=5", p => !IsNatural(p) && !High(p)),
        ]);
        return subsets.Select(s =>
        {
            var chosen = pairs.Where(s.Item2).ToList();
            return new SubsetMetrics(s.Item1, Correlations.Evaluate(
                chosen.Select(p => p.Predicted).ToArray(), chosen.Select(p => p.Subjective01).ToArray()));
        }).ToList();
    }
}
