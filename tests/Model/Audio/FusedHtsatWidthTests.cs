using HumanClap.Model;
using HumanClap.Model.Audio;
using HumanClap.Tests.Support;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace HumanClap.Tests.Model.Audio;

/// <summary>The Hugging Face HTSAT with fusion, at a patch width of 20 and AFF reduction 2 (its 1x1 convolutions
/// read 20 and 10 channels), gives the same audio embedding in float32 as its own float64 copy, for a clip longer
/// than 10 s (local chunks fused by AFF) and a short one.</summary>
public class FusedHtsatWidthTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-4; // relative to max |float64|

    private static readonly ClapAudioConfig Config = ClapConfig.HtsatTiny(fusion: true).Audio with
    {
        PatchEmbedsHiddenSize = 20, AffBlockR = 2, Depths = [1, 1, 1, 1], NumAttentionHeads = [1, 2, 2, 4],
        HiddenSize = 160,
    };

    [Fact]
    public void Float32MatchesItsFloat64Self()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(6);
        using var model = new ClapAudioModel(Config);
        Float64Twin.RandomiseBatchNormStatistics(model, generator);
        model.eval();
        GuardedConvolutions.AssertSomeArePadded(model);
        using var model64 = Float64Twin.Of(model, () => new ClapAudioModel(Config));
        var features = randn(2, 4, 1001, 64, generator: generator);
        var isLonger = tensor(new[] { true, false }).unsqueeze(1);
        using var _ = inference_mode();
        var actual = model.forward(features, isLonger);
        var reference = model64.forward(features.to(ScalarType.Float64), isLonger);
        var d = Float64Twin.RelativeDiff(actual.PoolerOutput, reference.PoolerOutput);
        output.WriteLine($"pooled audio embedding: relative difference {d:E1}");
        Assert.True(d < Tolerance, $"float32 differs from float64 by {d:E2}");
    }
}
