namespace HumanClap.Metrics;

/// <summary>A subset of the test pairs on which the metrics are reported (the paper's Tables 1-3): its
/// <see cref="Key"/> (in results.json and <see cref="SubsetMetrics.Subset"/>), its <see cref="Label"/> (a table
/// column) and which pairs it holds. The subsets are defined here only; the evaluator and the tables use these.
/// </summary>
internal sealed class PairSubset
{
    /// <summary>The system name of real recordings (RELATE's audiocaps folder; the synthetic world's natural clips).
    /// Every other system is a text-to-audio model.</summary>
    public const string NaturalSystem = "natural";

    /// <summary>"score > 5" on the 0..10 scale, i.e. Subjective01 > 0.5.</summary>
    public const double HighScoreCut01 = 0.5;

    public static readonly PairSubset All = new("all", "all", _ => true);
    public static readonly PairSubset Natural = new(NaturalSystem, NaturalSystem, IsNatural);
    public static readonly PairSubset Synthesized = new("synthesized", "synthesized", p => !IsNatural(p));

    /// <summary>The origins that Table 3 splits by subjective score, in its column order.</summary>
    public static readonly IReadOnlyList<PairSubset> Origins = [All, Natural, Synthesized];

    private readonly Func<EvaluatedPair, bool> _contains;

    private PairSubset(string key, string label, Func<EvaluatedPair, bool> contains)
    {
        Key = key;
        Label = label;
        _contains = contains;
    }

    /// <summary>The name under which the subset's metrics are stored (results.json, ModelResult.Subset).</summary>
    public string Key { get; }

    /// <summary>The subset's column heading in the paper's tables.</summary>
    public string Label { get; }

    public bool Contains(EvaluatedPair pair) => _contains(pair);

    /// <summary>One subset per text-to-audio system among <paramref name="systems"/>, in ordinal order (the order of
    /// results.json, Table 2 and the seed study).</summary>
    public static IEnumerable<PairSubset> OfSystems(IEnumerable<string> systems) =>
        systems.Where(s => s != NaturalSystem).Distinct().Order(StringComparer.Ordinal).Select(OfSystem);

    /// <summary>Table 2's columns: natural audio, each text-to-audio system, all synthesized audio.</summary>
    public static IReadOnlyList<PairSubset> Table2(IEnumerable<string> systems) =>
        [Natural, .. OfSystems(systems), Synthesized];

    /// <summary>Table 3's columns: each origin's pairs with subjective score above 5, then at most 5.</summary>
    public static IReadOnlyList<PairSubset> Table3 { get; } =
        [.. new[] { true, false }.SelectMany(high => Origins.Select(o => ByScore(o, high)))];

    public override string ToString() => Key;

    /// <summary>The pairs of one text-to-audio system (or of <see cref="NaturalSystem"/>): key and label are its
    /// name.</summary>
    public static PairSubset OfSystem(string system) => new(system, system, p => p.System == system);

    /// <summary>The pairs of <paramref name="origin"/> whose subjective score is above 5 (<paramref name="high"/>) or
    /// at most 5: key "score>5" for all pairs, else "natural score>5"; label "score>5 all", "score>5 natural".
    /// </summary>
    public static PairSubset ByScore(PairSubset origin, bool high)
    {
        string band = high ? "score>5" : "score<=5";
        string key = origin == All ? band : $"{origin.Key} {band}";
        return new PairSubset(key, $"{band} {origin.Label}", p => origin.Contains(p) && IsHigh(p) == high);
    }

    private static bool IsNatural(EvaluatedPair p) => p.System == NaturalSystem;

    private static bool IsHigh(EvaluatedPair p) => p.Subjective01 > HighScoreCut01;
}
