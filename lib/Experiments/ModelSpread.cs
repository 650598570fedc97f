using HumanClap.Common;
using HumanClap.Metrics;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;

namespace HumanClap.Experiments;

/// <summary>A model's SRCC, LCC and MSE on one subset of the test pairs, over the seeds.</summary>
public sealed record ModelSpread(string Model, string Subset, Spread Srcc, Spread Lcc, Spread Mse);
