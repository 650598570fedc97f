namespace HumanClap.Metrics;

/// <summary>A point estimate with a 95% percentile bootstrap interval.</summary>
public sealed record Interval(double Estimate, double Lower, double Upper);
