namespace HumanClap.Metrics;

/// <summary>SRCC(A) − SRCC(B) on the same pairs, its 95% interval, and a two-sided bootstrap p-value for
/// "no difference".</summary>
public sealed record PairedComparison(
    int N, int Resamples, double SrccA, double SrccB, double Difference, double Lower, double Upper, double PValue);
