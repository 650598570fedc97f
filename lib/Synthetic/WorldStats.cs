using HumanClap.Ratings;
using MathNet.Numerics.Statistics;
using HumanClap.Common;

namespace HumanClap.Synthetic;

/// <summary>How well screening and ratings recover the simulator's hidden truth.</summary>
public sealed record WorldStats(int Listeners, int Careless, int Flagged, double ScreeningPrecision,
                                double ScreeningRecall,
                                double SpearmanSingleAll, double SpearmanSingleKept, double SpearmanPairMeanKept,
                                IReadOnlyDictionary<string, double> MeanRelevanceBySystem,
                                IReadOnlyDictionary<string, double> MeanScoreBySystem);
