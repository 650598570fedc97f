namespace HumanClap.Metrics;

/// <summary>Uncertainty of the metrics by resampling pairs with replacement (seeded, so reruns agree).</summary>
public static class Bootstrap
{
    public static MetricIntervals Intervals(double[] predicted, double[] subjective, int resamples = 1000, int seed = 0)
    {
        Check(predicted, subjective, resamples);
        var m = Resampling.Bootstrap(predicted.Length, [
            Resampling.OfPairs(predicted, subjective, Correlations.Srcc),
            Resampling.OfPairs(predicted, subjective, Correlations.Lcc),
            Resampling.OfPairs(predicted, subjective, Correlations.Mse)], resamples, seed);
        return new MetricIntervals(predicted.Length, resamples, m[0].Interval, m[1].Interval, m[2].Interval);
    }

    public static PairedComparison CompareSrcc(
        double[] predictedA, double[] predictedB, double[] subjective, int resamples = 1000, int seed = 0)
    {
        Check(predictedA, subjective, resamples);
        Check(predictedB, subjective, resamples);
        // The same resampled pairs for both scorers: that pairing is what makes the comparison sensitive.
        var (diff, replicates) = Resampling.Bootstrap(subjective.Length, d =>
        {
            var s = Resampling.Pick(subjective, d);
            return Correlations.Srcc(Resampling.Pick(predictedA, d), s) -
                   Correlations.Srcc(Resampling.Pick(predictedB, d), s);
        }, resamples, seed);
        double srccA = Correlations.Srcc(predictedA, subjective), srccB = Correlations.Srcc(predictedB, subjective);
        return new PairedComparison(subjective.Length, resamples, srccA, srccB, diff.Estimate, diff.Lower, diff.Upper,
            Resampling.PValue(replicates));
    }

    private static void Check(double[] predicted, double[] subjective, int resamples)
    {
        if (predicted.Length != subjective.Length)
            throw new ArgumentException(
                $"length mismatch: {predicted.Length} predicted vs {subjective.Length} subjective values");
        if (resamples < 1)
            throw new ArgumentOutOfRangeException(nameof(resamples), resamples, "need at least one resample");
    }
}
