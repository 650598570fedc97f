namespace HumanClap.Metrics;

/// <summary>The paper's agreement metrics between a scorer and subjective scores, plus Kendall's tau-b.</summary>
public sealed record MetricSet(int N, double Srcc, double Lcc, double Mse, double KendallTau);
