using MathNet.Numerics.Statistics;

namespace HumanClap.Metrics;

/// <summary>Uncertainty of the metrics by resampling pairs with replacement (seeded, so reruns agree).</summary>
public static class Bootstrap
{
    public static MetricIntervals Intervals(double[] predicted, double[] subjective, int resamples = 1000, int seed = 0)
    {
        Check(predicted, subjective, resamples);
        var rng = new Random(seed);
        var (srcc, lcc, mse) = (new List<double>(), new List<double>(), new List<double>());
        var (p, s) = (new double[predicted.Length], new double[predicted.Length]);
        for (int b = 0; b < resamples; b++)
        {
            Resample(rng, predicted, subjective, p, s);
            Add(srcc, Correlations.Srcc(p, s));
            Add(lcc, Correlations.Lcc(p, s));
            Add(mse, Correlations.Mse(p, s));
        }
        return new MetricIntervals(predicted.Length, resamples,
            Percentiles(Correlations.Srcc(predicted, subjective), srcc),
            Percentiles(Correlations.Lcc(predicted, subjective), lcc),
            Percentiles(Correlations.Mse(predicted, subjective), mse));
    }

    public static PairedComparison CompareSrcc(
        double[] predictedA, double[] predictedB, double[] subjective, int resamples = 1000, int seed = 0)
    {
        Check(predictedA, subjective, resamples);
        Check(predictedB, subjective, resamples);
        var rng = new Random(seed);
        int n = subjective.Length;
        var (a, bArr, s) = (new double[n], new double[n], new double[n]);
        var diffs = new List<double>();
        for (int r = 0; r < resamples; r++)
        {
            // The same resampled pairs for both scorers: that pairing is what makes the comparison sensitive.
            for (int i = 0; i < n; i++)
            {
                int k = rng.Next(n);
                a[i] = predictedA[k]; bArr[i] = predictedB[k]; s[i] = subjective[k];
            }
            Add(diffs, Correlations.Srcc(a, s) - Correlations.Srcc(bArr, s));
        }
        double srccA = Correlations.Srcc(predictedA, subjective), srccB = Correlations.Srcc(predictedB, subjective);
        var ci = Percentiles(srccA - srccB, diffs);
        return new PairedComparison(n, resamples, srccA, srccB, srccA - srccB, ci.Lower, ci.Upper,
            Resampling.PValue(diffs));
    }

    private static void Resample(Random rng, double[] x, double[] y, double[] xOut, double[] yOut)
    {
        for (int i = 0; i < x.Length; i++) { int k = rng.Next(x.Length); xOut[i] = x[k]; yOut[i] = y[k]; }
    }

    private static void Add(List<double> values, double v) { if (!double.IsNaN(v)) values.Add(v); }

    private static Interval Percentiles(double estimate, List<double> values) => values.Count == 0
        ? new Interval(estimate, double.NaN, double.NaN)
        : new Interval(estimate, Statistics.Quantile(values, 0.025), Statistics.Quantile(values, 0.975));

    private static void Check(double[] predicted, double[] subjective, int resamples)
    {
        if (predicted.Length != subjective.Length)
            throw new ArgumentException(
                $"length mismatch: {predicted.Length} predicted vs {subjective.Length} subjective values");
        if (resamples < 1)
            throw new ArgumentOutOfRangeException(nameof(resamples), resamples, "need at least one resample");
    }
}
