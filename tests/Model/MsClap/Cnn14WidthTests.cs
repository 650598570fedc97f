using HumanClap.Model.MsClap;
using HumanClap.Tests.Support;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace HumanClap.Tests.Model.MsClap;

/// <summary>MS CLAP 2022's Cnn14 at widths that are not multiples of 16 computes in float32 what its own float64 copy
/// computes: every conv block, the pooled features and the embedding.</summary>
public class Cnn14WidthTests(ITestOutputHelper output)
{
    // Relative to max |float64|. Float32 rounding through six blocks gives ~1e-6; the oneDNN fault was off by ~19.
    private const double Tolerance = 1e-4;

    public static TheoryData<int[]> Widths => new()
    {
        new[] { 4, 8, 12, 16, 24, 48 },
        new[] { 12, 20, 28, 36, 44, 52 },
        new[] { 9, 17, 33, 40, 60, 100 },
    };

    [Theory, MemberData(nameof(Widths))]
    public void Float32MatchesItsFloat64Self(int[] widths)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(1);
        using var encoder = new Cnn14Encoder(widths, embeddingSize: 32, classes: 5);
        Float64Twin.RandomiseBatchNormStatistics(encoder, generator);
        encoder.eval();
        GuardedConvolutions.AssertSomeArePadded(encoder);
        using var encoder64 = Float64Twin.Of(encoder, () => new Cnn14Encoder(widths, 32, 5));
        var bn0 = randn(2, 1, 96, 64, generator: generator);
        using var _ = inference_mode();
        var actual = encoder.ForwardFromBn0(bn0, keepBlockOutputs: true);
        var reference = encoder64.ForwardFromBn0(bn0.to(ScalarType.Float64), keepBlockOutputs: true);

        var wrong = new List<string>();
        void Check(string name, Tensor a, Tensor r)
        {
            var d = Float64Twin.RelativeDiff(a, r);
            output.WriteLine($"[{string.Join(",", widths)}] {name,-12} relative difference {d:E1}");
            if (!(d < Tolerance)) wrong.Add($"{name}: {d:E2}");
        }
        for (int i = 0; i < 6; i++) Check($"conv_block{i + 1}", actual.BlockOutputs![i], reference.BlockOutputs![i]);
        Check("pooled", actual.Pooled, reference.Pooled);
        Check("embedding", actual.Embedding, reference.Embedding);
        Assert.True(wrong.Count == 0, "float32 differs from float64: " + string.Join(", ", wrong));
    }
}
