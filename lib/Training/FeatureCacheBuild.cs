using TorchSharp;
using static TorchSharp.torch;

namespace HumanClap.Training;

/// <summary>A built cache, the clips that could not be loaded (id, reason), and where the time went.</summary>
public sealed record FeatureCacheBuild(FeatureCache Cache, IReadOnlyList<(string Id, string Error)> Failed,
                                       double LoadSeconds, double ExtractSeconds);
