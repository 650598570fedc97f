namespace HumanClap.Metrics;

/// <summary>
/// How well pair means can be predicted at all given rater noise. SplitHalf* is the mean correlation between the
/// means of two random halves of each pair's raters; Reliability* applies Spearman–Brown (2r/(1+r)) to get the
/// reliability of the full-panel means; Ceiling* = sqrt(reliability), the expected correlation of a noise-free scorer
/// with the observed means.
/// </summary>
public sealed record NoiseCeilingResult(int Pairs, int Splits,
    double SplitHalfSrcc, double ReliabilitySrcc, double CeilingSrcc,
    double SplitHalfLcc, double ReliabilityLcc, double CeilingLcc);
