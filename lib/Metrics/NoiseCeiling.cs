namespace HumanClap.Metrics;

public static class NoiseCeiling
{
    /// <param name="scoresPerPair">each pair's ratings, pairs and ratings in a fixed order (the seeded shuffles
    /// depend on it); pairs rated fewer than twice cannot be split and are left out.</param>
    public static NoiseCeilingResult Compute(IReadOnlyList<double[]> scoresPerPair, int seed = 0, int splits = 100)
    {
        if (splits < 1) throw new ArgumentOutOfRangeException(nameof(splits), splits, "need at least one split");
        var pairs = scoresPerPair.Where(p => p.Length >= 2).ToList();
        if (pairs.Count < 2)
            return new NoiseCeilingResult(pairs.Count, splits,
                double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        var rng = new Random(seed);
        var (halfA, halfB) = (new double[pairs.Count], new double[pairs.Count]);
        double sumSrcc = 0, sumLcc = 0;
        int okSrcc = 0, okLcc = 0;
        for (int s = 0; s < splits; s++)
        {
            for (int i = 0; i < pairs.Count; i++)
            {
                var scores = (double[])pairs[i].Clone();
                rng.Shuffle(scores);
                int half = scores.Length / 2;   // odd counts: the extra rater goes to the second half
                halfA[i] = scores.AsSpan(0, half).ToArray().Average();
                halfB[i] = scores.AsSpan(half).ToArray().Average();
            }
            double rs = Correlations.Srcc(halfA, halfB), rl = Correlations.Lcc(halfA, halfB);
            if (!double.IsNaN(rs)) { sumSrcc += rs; okSrcc++; }
            if (!double.IsNaN(rl)) { sumLcc += rl; okLcc++; }
        }
        double splitSrcc = okSrcc > 0 ? sumSrcc / okSrcc : double.NaN;
        double splitLcc = okLcc > 0 ? sumLcc / okLcc : double.NaN;
        double relSrcc = SpearmanBrown(splitSrcc), relLcc = SpearmanBrown(splitLcc);
        return new NoiseCeilingResult(pairs.Count, splits,
            splitSrcc, relSrcc, Ceiling(relSrcc), splitLcc, relLcc, Ceiling(relLcc));
    }

    /// <summary>Reliability of a test twice as long as the one whose reliability is r.</summary>
    public static double SpearmanBrown(double r) => 2 * r / (1 + r);

    private static double Ceiling(double reliability) => reliability >= 0 ? Math.Sqrt(reliability) : double.NaN;
}
