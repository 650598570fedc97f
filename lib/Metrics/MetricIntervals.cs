namespace HumanClap.Metrics;

public sealed record MetricIntervals(int N, int Resamples, Interval Srcc, Interval Lcc, Interval Mse);
