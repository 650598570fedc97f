using HumanClap.Common;
using HumanClap.Metrics;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;

namespace HumanClap.Experiments;

/// <summary>A fine-tuned variant's SRCC gain over its own seed's baseline on one subset: the per-seed gains, their
/// mean with a 95% t interval over seeds and (from 5 seeds) a 95% bootstrap interval over seeds, and the seeds in
/// which the variant beat the baseline outside bootstrap noise (its paired bootstrap interval above 0).</summary>
public sealed record SeedGain(string Variant, string Subset, IReadOnlyList<double> PerSeed, double Mean,
    double TLower, double TUpper, double? BootstrapLower, double? BootstrapUpper, int Wins);
