using HumanClap.Common;
using HumanClap.Metrics;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;

namespace HumanClap.Experiments;

/// <summary>A multi-seed study of the main job: each seed a normal run folder (<c>RUN/seed-N</c>), and what holds
/// across them.</summary>
public sealed record SeedStudyResults(string Data, IReadOnlyList<int> Seeds, IReadOnlyList<ModelSpread> Models,
    IReadOnlyList<SeedGain> Gains, IReadOnlyDictionary<string, double> SecondsPerSeed);
