namespace HumanClap.Metrics;

/// <summary>The metrics of one subset; <paramref name="Subset"/> is its <see cref="PairSubset.Key"/>.</summary>
public sealed record SubsetMetrics(string Subset, MetricSet Metrics);
