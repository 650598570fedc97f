using HumanClap.Model;
using HumanClap.Model.MsClap;
using HumanClap.Tests.Support;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace HumanClap.Tests.Model.MsClap;

/// <summary>Fed msclap's stored bn0 output, every Cnn14 stage matches msclap 2022 (tiny_2022 fixture).</summary>
public class Cnn14EncoderTests(ITestOutputHelper output)
{
    private const string Fixture = "tiny_2022";
    private const string Prefix = "audio_encoder.base.";
    private static readonly string[] FrontEnd = ["spectrogram_extractor", "logmel_extractor", "bn0"];
    // README: every stage within 1e-4 when fed the previous stage as stored.
    private const double Tolerance = 1e-4;

    internal static Cnn14Encoder TinyEncoder()
    {
        using var doc = MsClapFixtures.Json(Fixture, "msclap_config.json");
        var cnn = doc.RootElement.GetProperty("cnn14");
        var widths = cnn.GetProperty("channels").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var encoder = new Cnn14Encoder(widths, embeddingSize: cnn.GetProperty("fc1")[1].GetInt32(),
            classes: cnn.GetProperty("classes_num").GetInt32());
        MsClapFixtures.LoadSubModule(encoder, Fixture, Prefix, FrontEnd);
        return encoder;
    }

    [Fact]
    public void EveryStageMatchesMsclapFromStoredBn0()
    {
        using var scope = NewDisposeScope();
        using var encoder = TinyEncoder();
        var exp = MsClapFixtures.Expected(Fixture);
        var clips = IntermediateClips();
        using var _ = inference_mode();
        var result = encoder.ForwardFromBn0(exp["bn0"], keepBlockOutputs: true);

        var failures = new List<string>();
        void Check(string name, Tensor actual, Tensor expected)
        {
            var d = Fixtures.MaxAbsDiff(actual, expected);
            output.WriteLine($"{name,-16} max |diff| = {d:E2}");
            if (!(d < Tolerance)) failures.Add($"{name}: {d:E3}");
        }
        for (int i = 0; i < 6; i++) Check($"conv_block{i + 1}", result.BlockOutputs![i], exp[$"conv_block{i + 1}"]);
        var rows = tensor(clips);
        Check("pooled", result.Pooled, exp["pooled"].index_select(0, rows));
        Check("embedding", result.Embedding, exp["embedding"].index_select(0, rows));
        Check("clipwise_output", result.ClipwiseOutput, exp["clipwise_output"].index_select(0, rows));
        Assert.True(failures.Count == 0, "over tolerance: " + string.Join(", ", failures));
    }

    [Fact]
    public void BlockOutputsAreLeftOutUnlessAskedFor()
    {
        using var scope = NewDisposeScope();
        using var encoder = TinyEncoder();
        using var _ = inference_mode();
        var result = encoder.ForwardFromBn0(zeros(1, 1, 32, 64));
        Assert.Null(result.BlockOutputs);
        Assert.Equal(new long[] { 1, 64 }, result.Embedding.shape);
    }

    [Fact]
    public void WrongInputShapeIsNamed()
    {
        using var encoder = new Cnn14Encoder([4, 4, 4, 4, 4, 4], 8, 3);
        using var x = zeros(1, 32, 64);
        var e = Assert.Throws<ArgumentException>(() => encoder.ForwardFromBn0(x));
        Assert.Contains("(batch, 1, frames, mel)", e.Message);
        using var tooShort = zeros(1, 1, 16, 64);
        e = Assert.Throws<ArgumentException>(() => encoder.ForwardFromBn0(tooShort));
        Assert.Contains("at least 32", e.Message);
    }

    [Fact]
    public void AttachedFrontEndKeysSitBesideTheConvBlocks()
    {
        using var encoder = new Cnn14Encoder([4, 4, 4, 4, 4, 4], 8, 3);
        using var bn0 = nn.BatchNorm2d(64);
        var calls = 0;
        encoder.AttachFrontEnd(w => { calls++; return zeros(w.shape[0], 1, 64, 64); }, ("bn0", bn0));
        Assert.Contains("bn0.running_var", encoder.state_dict().Keys);
        Assert.Contains("conv_block1.bn1.running_var", encoder.state_dict().Keys);
        using var _ = inference_mode();
        using var scope = NewDisposeScope();
        var result = encoder.forward(zeros(2, 1000));
        Assert.Equal(1, calls);
        Assert.Equal(new long[] { 2, 3 }, result.ClipwiseOutput.shape);
    }

    [Fact]
    public void MisShapedClassifierIsNamed()
    {
        using var encoder = new Cnn14Encoder([8, 8, 16, 16, 32, 64], 64, 26); // fixture has 27 classes
        var e = Assert.Throws<CheckpointMismatchException>(
            () => MsClapFixtures.LoadSubModule(encoder, Fixture, Prefix, FrontEnd));
        Assert.Contains("fc_audioset.weight", e.Message);
    }

    private static long[] IntermediateClips()
    {
        using var doc = MsClapFixtures.Json(Fixture, "meta.json");
        return doc.RootElement.GetProperty("intermediate_clips").EnumerateArray().Select(e => e.GetInt64()).ToArray();
    }
}
