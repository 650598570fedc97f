using HumanClap.Model;
using HumanClap.Tests.Support;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace HumanClap.Tests.Model;

/// <summary>The conv2d guard: float32 agrees with float64 for every input width, published widths take the plain
/// path bit for bit, and gradients reach the real weight.</summary>
public class GuardedConv2dTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-4; // relative to max |float64|; float32 rounding gives ~1e-6

    public static TheoryData<string, long, long, long, long, long, long> Kernels => new()
    {
        // name, kernel (h, w), padding (h, w), stride (h, w)
        { "3x3 pad 1 (Cnn14)", 3, 3, 1, 1, 1, 1 },
        { "1x1 (AFF)", 1, 1, 0, 0, 1, 1 },
        { "(4,3) pad (0,1) (tscam)", 4, 3, 0, 1, 1, 1 },
        { "4x4 stride 4 (patch embedding)", 4, 4, 0, 0, 4, 4 },
    };

    [Theory, MemberData(nameof(Kernels))]
    public void Float32MatchesFloat64ForInputWidths1To48(string kernel, long kh, long kw, long ph, long pw, long sh,
        long sw)
    {
        var generator = new Generator(11);
        var guardedWrong = new List<string>();
        var plainWrong = new List<string>();
        double worst = 0;
        for (long inChannels = 1; inChannels <= 48; inChannels++)
        {
            using var scope = NewDisposeScope();
            using var conv = new GuardedConv2d(inChannels, 20, (kh, kw), (sh, sw), (ph, pw));
            using var conv64 = Float64Twin.Of(conv, () => new GuardedConv2d(inChannels, 20, (kh, kw), (sh, sw),
                (ph, pw)));
            var x = randn(2, inChannels, 24, 32, generator: generator);
            var reference = conv64.forward(x.to(ScalarType.Float64));
            // Twice: the reported failures varied from run to run.
            for (int run = 0; run < 2; run++)
            {
                var d = Float64Twin.RelativeDiff(conv.forward(x), reference);
                worst = Math.Max(worst, d);
                if (!(d < Tolerance)) guardedWrong.Add($"{inChannels} ({d:E1})");
                var plain = nn.functional.conv2d(x, conv.weight, conv.bias, [sh, sw], [ph, pw]);
                if (!(Float64Twin.RelativeDiff(plain, reference) < Tolerance)) plainWrong.Add($"{inChannels}");
            }
        }
        output.WriteLine($"{kernel}: worst relative difference through the guard {worst:E1}; plain conv2d wrong " +
                         $"for input widths [{string.Join(", ", plainWrong.Distinct())}] on this machine " +
                         $"(oneDNN channel block {OneDnnChannelBlock.Current})");
        Assert.True(guardedWrong.Count == 0, "float32 differs from float64 for: " + string.Join(", ", guardedWrong));
    }

    [Fact]
    public void PublishedWidthsNeedNoPaddingUnderTheAvx2Pin()
    {
        // Input widths of the published models' conv2d: Cnn14 (1, 64..2048), HTSAT patch embedding and its fused
        // local patches (1), AFF of HTSAT-tiny/base (96 and 24; 128 and 32), msclap's tscam (768).
        long[] published = [1, 64, 128, 256, 512, 1024, 2048, 96, 24, 32, 768];
        Assert.All(published, c => Assert.Equal(0, OneDnnChannelBlock.ChannelsToAdd(c, block: 8)));
        Assert.Equal(8, OneDnnChannelBlock.ForIsa("AVX2", cpuHasAvx512: true));
        if (Environment.GetEnvironmentVariable("ONEDNN_MAX_CPU_ISA") == "AVX2")
            Assert.Equal(OneDnnChannelBlock.ForIsa("AVX2", true), OneDnnChannelBlock.Current);
    }

    [Theory]
    [InlineData(8, 1, 0), InlineData(8, 8, 0), InlineData(8, 9, 7), InlineData(8, 12, 4), InlineData(8, 16, 0)]
    [InlineData(8, 20, 4), InlineData(8, 24, 0), InlineData(16, 12, 0), InlineData(16, 20, 12)]
    [InlineData(16, 24, 8), InlineData(16, 32, 0), InlineData(0, 12, 0)]
    public void ChannelsAreAddedUpToAWholeBlock(int block, long inChannels, long expected) =>
        Assert.Equal(expected, OneDnnChannelBlock.ChannelsToAdd(inChannels, block));

    [Theory]
    [InlineData("AVX2", true, 8), InlineData("avx2", true, 8), InlineData("SSE41", true, 8)]
    [InlineData("AVX2_VNNI", true, 8), InlineData(null, true, 16), InlineData("", true, 16)]
    [InlineData("DEFAULT", true, 16), InlineData("AVX512_CORE", true, 16), InlineData("AVX512_CORE_AMX", true, 16)]
    [InlineData(null, false, 8), InlineData("AVX512_CORE", false, 8)]
    public void BlockFollowsTheIsaOneDnnMayUse(string? maxIsa, bool cpuHasAvx512, int expected) =>
        Assert.Equal(expected, OneDnnChannelBlock.ForIsa(maxIsa, cpuHasAvx512));

    [Fact]
    public void OnlyCpuFloat32InputsArePadded()
    {
        using var scope = NewDisposeScope();
        using var conv = new GuardedConv2d(12, 4, 3, padding: 1);
        long expected = OneDnnChannelBlock.ChannelsToAdd(12, OneDnnChannelBlock.Current);
        Assert.Equal(expected, conv.ExtraChannelsFor(zeros(1, 12, 8, 8)));
        Assert.Equal(0, conv.ExtraChannelsFor(zeros(1, 12, 8, 8, dtype: ScalarType.Float64)));
        Assert.Equal(0, conv.ExtraChannelsFor(zeros(1, 12, 8, 8, dtype: ScalarType.BFloat16)));
        Assert.Equal(0, conv.ExtraChannelsFor(zeros(1, 12, 8, 8, dtype: ScalarType.Float16)));
    }

    [Fact]
    public void UnpaddedWidthsAreNnConv2dBitForBit()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(3);
        foreach (var inChannels in new long[] { 1, 8, 24, 64 })
        {
            using var conv = new GuardedConv2d(inChannels, 16, (4, 3), padding: (0, 1));
            Assert.Equal(0, conv.ExtraChannelsFor(zeros(1, inChannels, 1, 1)));
            var x = randn(2, inChannels, 16, 20, generator: generator);
            var plain = nn.functional.conv2d(x, conv.weight, conv.bias, padding: [0, 1]);
            Assert.True(conv.forward(x).equal(plain).all().item<bool>(), $"{inChannels} input channels");
        }
    }

    [Fact]
    public void GradientsReachTheRealWeightBiasAndInput()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(7);
        using var conv = new GuardedConv2d(12, 6, (3, 3), stride: (2, 1), padding: (1, 2), dilation: (2, 1));
        using var conv64 = Float64Twin.Of(conv,
            () => new GuardedConv2d(12, 6, (3, 3), stride: (2, 1), padding: (1, 2), dilation: (2, 1)));
        var x = randn(2, 12, 15, 11, generator: generator).requires_grad_(true);
        var x64 = x.detach().to(ScalarType.Float64).requires_grad_(true);
        var y = conv.forward(x);
        var y64 = conv64.forward(x64);
        Assert.True(Float64Twin.RelativeDiff(y, y64) < Tolerance, "stride, padding and dilation pass through");
        var upstream = randn(y.shape, generator: generator);
        y.mul(upstream).sum().backward();
        y64.mul(upstream.to(ScalarType.Float64)).sum().backward();

        Assert.Equal(conv.weight.shape, conv.weight.grad!.shape);
        Assert.Equal(x.shape, x.grad!.shape);
        Assert.True(Float64Twin.RelativeDiff(conv.weight.grad!, conv64.weight.grad!) < Tolerance, "weight");
        Assert.True(Float64Twin.RelativeDiff(conv.bias!.grad!, conv64.bias!.grad!) < Tolerance, "bias");
        Assert.True(Float64Twin.RelativeDiff(x.grad!, x64.grad!) < Tolerance, "input");
    }

    [Fact]
    public void EvaluationFollowsEveryChangeOfTheWeight()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(8);
        using var conv = new GuardedConv2d(20, 6, 3, padding: 1);
        var x = randn(2, 20, 10, 12, generator: generator);
        bool padded = conv.ExtraChannelsFor(x) > 0;
        Assert.Equal(padded, conv.WeightIsViewOfPaddedStorage);
        Assert.Equal(new long[] { 6, 20, 3, 3 }, conv.state_dict()["weight"].shape);
        void AssertAgreesWithFloat64(string after)
        {
            using var _ = inference_mode();
            var reference = nn.functional.conv2d(x.to(ScalarType.Float64), conv.weight.to(ScalarType.Float64),
                conv.bias!.to(ScalarType.Float64), padding: [1, 1]);
            Assert.True(Float64Twin.RelativeDiff(conv.forward(x), reference) < Tolerance, after);
        }
        AssertAgreesWithFloat64("construction");

        // An optimiser step and a checkpoint load write into the parameter in place.
        using (no_grad()) conv.weight.add_(randn(conv.weight.shape, generator: generator));
        AssertAgreesWithFloat64("an in-place update");
        conv.load_state_dict(new Dictionary<string, Tensor>
        {
            ["weight"] = randn(6, 20, 3, 3, generator: generator), ["bias"] = randn(6, generator: generator),
        });
        AssertAgreesWithFloat64("load_state_dict");
        Assert.Equal(padded, conv.WeightIsViewOfPaddedStorage);

        // Moving replaces the parameter; back in float32 it is viewed in padded storage again.
        conv.to(ScalarType.Float64);
        Assert.False(conv.WeightIsViewOfPaddedStorage);
        conv.to(ScalarType.Float32);
        Assert.Equal(padded, conv.WeightIsViewOfPaddedStorage);
        AssertAgreesWithFloat64("float64 and back");

        // A parameter set from outside is padded per call.
        conv.weight = nn.Parameter(randn(6, 20, 3, 3, generator: generator));
        Assert.False(conv.WeightIsViewOfPaddedStorage);
        AssertAgreesWithFloat64("a replaced parameter");
    }

    [Fact]
    public void UnbatchedInputIsPaddedOnItsChannelAxis()
    {
        using var scope = NewDisposeScope();
        using var conv = new GuardedConv2d(20, 4, 3, padding: 1);
        using var conv64 = Float64Twin.Of(conv, () => new GuardedConv2d(20, 4, 3, padding: 1));
        var x = randn(20, 9, 7, generator: new Generator(2));
        var y = conv.forward(x);
        Assert.Equal(new long[] { 4, 9, 7 }, y.shape);
        Assert.True(Float64Twin.RelativeDiff(y, conv64.forward(x.to(ScalarType.Float64))) < Tolerance);
    }
}

/// <summary>The guarded module is nn.Conv2d in state-dict keys, initial values and random draws (seeded training
/// runs stay the same).</summary>
[Collection(SerialCollection.Name)] // seeds libtorch's global generator
public class GuardedConv2dInitialisationTests
{
    [Fact]
    public void KeysInitialisationAndRandomDrawsAreNnConv2ds()
    {
        foreach (var bias in new[] { true, false })
        {
            manual_seed(5);
            using var reference = nn.Conv2d(12, 20, (4, 3), padding: (0, 1), bias: bias);
            var next = rand(1).item<float>();
            manual_seed(5);
            using var guarded = new GuardedConv2d(12, 20, (4, 3), padding: (0, 1), bias: bias);
            Assert.Equal(next, rand(1).item<float>()); // the same number of draws
            var expected = reference.state_dict();
            var actual = guarded.state_dict();
            Assert.Equal(expected.Keys, actual.Keys);
            foreach (var key in expected.Keys) Assert.True(actual[key].equal(expected[key]).all().item<bool>(), key);
        }
    }
}
