using HumanClap.Common;
using HumanClap.Metrics;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;

namespace HumanClap.Experiments;

/// <summary>Mean, sample standard deviation and range of one number over seeds.</summary>
public sealed record Spread(int Seeds, double Mean, double Sd, double Min, double Max)
{
    public static Spread Of(IReadOnlyList<double> values) => new(values.Count, values.Mean(),
        values.Count > 1 ? values.StandardDeviation() : double.NaN, values.Min(), values.Max());
}
