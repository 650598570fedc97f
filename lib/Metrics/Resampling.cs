using System.Text;
using HumanClap.Common;
using MathNet.Numerics.Statistics;

namespace HumanClap.Metrics;

/// <summary>A percentile bootstrap of any statistic of n items (evaluations, seed studies): <c>resamples</c> draws of
/// n indices with replacement from a seeded generator, the statistic on each draw, the 2.5% and 97.5% quantiles of
/// the finite values.</summary>
internal static class Resampling
{
    /// <summary>The statistic on all indices, its interval, and the finite replicates (for a p-value).</summary>
    public static (Interval Interval, double[] Replicates) Bootstrap(int n, Func<int[], double> statistic,
        int resamples, int seed) => Bootstrap(n, [statistic], resamples, seed)[0];

    /// <summary><see cref="Bootstrap(int, Func{int[], double}, int, int)"/> of several statistics on the same draws
    /// (each as if bootstrapped alone with this seed).</summary>
    public static (Interval Interval, double[] Replicates)[] Bootstrap(int n,
        IReadOnlyList<Func<int[], double>> statistics, int resamples, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        var all = Enumerable.Range(0, n).ToArray();
        var estimates = statistics.Select(s => s(all)).ToArray();
        var replicates = statistics.Select(_ => new List<double>(resamples)).ToArray();
        var rng = new Random(seed);
        var draw = new int[n];
        for (int b = 0; b < resamples && n > 0; b++)
        {
            for (int i = 0; i < n; i++) draw[i] = rng.Next(n);
            for (int k = 0; k < statistics.Count; k++)
                if (statistics[k](draw) is var v && double.IsFinite(v)) replicates[k].Add(v);
        }
        return estimates.Select((estimate, k) => (replicates[k].Count == 0
                ? new Interval(estimate, double.NaN, double.NaN)
                : new Interval(estimate, Statistics.Quantile(replicates[k], 0.025),
                    Statistics.Quantile(replicates[k], 0.975)),
            replicates[k].ToArray())).ToArray();
    }

    /// <summary>A statistic of paired values (a metric of predictions against ratings) as a statistic of indices.
    /// </summary>
    public static Func<int[], double> OfPairs(double[] x, double[] y, Func<double[], double[], double> metric) =>
        draw => metric(Pick(x, draw), Pick(y, draw));

    /// <summary>Two-sided bootstrap p-value for "the statistic is 0": twice the smaller share of replicates on either
    /// side of zero, with the +1 correction so it is never exactly 0 (every paired comparison of the project uses it).
    /// </summary>
    public static double PValue(IReadOnlyList<double> replicates)
    {
        if (replicates.Count == 0) return double.NaN;
        double below = replicates.Count(d => d <= 0), above = replicates.Count(d => d >= 0);
        return Math.Min(1.0, 2 * (Math.Min(below, above) + 1) / (replicates.Count + 1));
    }

    /// <summary>A seed for one interval, from the run's seed and what the interval is of, so each interval's draws
    /// are fixed whatever else the run computes.</summary>
    public static int SeedFor(int runSeed, params string[] parts)
    {
        ulong hash = 14695981039346656037;
        foreach (byte b in Encoding.UTF8.GetBytes(string.Join('\u001f', parts)))
            hash = (hash ^ b) * 1099511628211;
        return SeedMixer.ToSeed(SeedMixer.SplitMix64(hash ^ SeedMixer.SplitMix64((ulong)(uint)runSeed)));
    }

    public static double Mean(double[] values, int[] draw)
    {
        double sum = 0;
        foreach (int i in draw) sum += values[i];
        return draw.Length == 0 ? double.NaN : sum / draw.Length;
    }

    public static double[] Pick(double[] values, int[] draw) => draw.Select(i => values[i]).ToArray();
}
