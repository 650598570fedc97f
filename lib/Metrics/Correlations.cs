using MathNet.Numerics.Statistics;

namespace HumanClap.Metrics;

/// <summary>
/// Agreement metrics. Degenerate input (N &lt; 2, or a side with zero variance) gives NaN rather than an exception,
/// because small subsets (e.g. one system's pairs above 5) can legitimately be empty.
/// </summary>
public static class Correlations
{
    public static double Srcc(double[] a, double[] b) => Degenerate(a, b) ? double.NaN : Correlation.Spearman(a, b);

    public static double Lcc(double[] a, double[] b) => Degenerate(a, b) ? double.NaN : Correlation.Pearson(a, b);

    public static double Mse(double[] a, double[] b)
    {
        CheckLengths(a, b);
        if (a.Length == 0) return double.NaN;
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += (a[i] - b[i]) * (a[i] - b[i]);
        return sum / a.Length;
    }

    /// <summary>
    /// Kendall's tau-b: (concordant − discordant) / sqrt((n0 − tiesA)(n0 − tiesB)), the tie-corrected form that
    /// matters here because subjective means tie often. O(n²), fine for a few thousand pairs (MathNet has no Kendall).
    /// </summary>
    public static double KendallTau(double[] a, double[] b)
    {
        if (Degenerate(a, b)) return double.NaN;
        long concordant = 0, discordant = 0, tiedA = 0, tiedB = 0;
        for (int i = 0; i < a.Length; i++)
            for (int j = i + 1; j < a.Length; j++)
            {
                int sa = Math.Sign(a[i] - a[j]), sb = Math.Sign(b[i] - b[j]);
                if (sa == 0) tiedA++;
                if (sb == 0) tiedB++;
                if (sa * sb > 0) concordant++;
                else if (sa * sb < 0) discordant++;
            }
        long n0 = (long)a.Length * (a.Length - 1) / 2;
        return (concordant - discordant) / Math.Sqrt((double)(n0 - tiedA) * (n0 - tiedB));
    }

    public static MetricSet Evaluate(double[] predicted, double[] subjective) => new(
        predicted.Length, Srcc(predicted, subjective), Lcc(predicted, subjective), Mse(predicted, subjective),
        KendallTau(predicted, subjective));

    private static bool Degenerate(double[] a, double[] b)
    {
        CheckLengths(a, b);
        return a.Length < 2 || Constant(a) || Constant(b);
    }

    private static bool Constant(double[] x) => x.All(v => v == x[0]);

    private static void CheckLengths(double[] a, double[] b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Length != b.Length)
            throw new ArgumentException($"length mismatch: {a.Length} predicted vs {b.Length} subjective values");
    }
}
