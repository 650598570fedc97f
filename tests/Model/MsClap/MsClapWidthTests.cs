using HumanClap.Model.MsClap;
using HumanClap.Tests.Support;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace HumanClap.Tests.Model.MsClap;

/// <summary>Both MS CLAP versions, built from the tiny fixtures' configurations with audio widths that are not
/// multiples of 16, give the same audio embeddings in float32 as their own float64 copies, from the waveform
/// (torchlibrosa front end, Cnn14 or HTSAT with its tscam head, projection).</summary>
public class MsClapWidthTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-4; // relative to max |float64|

    [Fact]
    public void MsClap2022WithOddCnn14WidthsMatchesFloat64()
    {
        var config = MsClapConfig.Load(Path.Combine(MsClapFixtures.Dir("tiny_2022"), "msclap_config.json"));
        config = config with { Cnn14 = config.Cnn14! with { Channels = [12, 20, 28, 36, 44, 52], Fc1 = [52, 64] } };
        CompareAudio(config);
    }

    [Fact]
    public void MsClap2023WithOddHtsatWidthsMatchesFloat64()
    {
        var config = MsClapConfig.Load(Path.Combine(MsClapFixtures.Dir("tiny_2023"), "msclap_config.json"));
        // Three stages of width 5, 10, 20: the tscam conv reads 20 channels, the patch embedding makes 5.
        config = config with
        {
            Htsat = config.Htsat! with { EmbedDim = 5, Depths = [1, 1, 1], NumHeads = [1, 1, 1] },
            YamlEffective = config.YamlEffective with { OutEmb = 20 },
        };
        CompareAudio(config);
    }

    private void CompareAudio(MsClapConfig config)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(4);
        using var model = new MsClapModel(config);
        Randomise(model, generator);
        model.eval();
        GuardedConvolutions.AssertSomeArePadded(model);
        using var model64 = Float64Twin.Of(model, () => new MsClapModel(config));
        var waves = rand(2, config.ClipSamples, generator: generator).mul(0.2).sub(0.1);
        using var _ = inference_mode();
        var (features, projected) = model.AudioEncoder.forward(waves);
        var (features64, projected64) = model64.AudioEncoder.forward(waves.to(ScalarType.Float64));
        var report = new List<string>();
        foreach (var (name, a, r) in new[]
                 {
                     ("embedding", features.Embedding, features64.Embedding),
                     ("clipwise_output", features.ClipwiseOutput, features64.ClipwiseOutput),
                     ("audio_embeds", projected, projected64),
                 })
        {
            var d = Float64Twin.RelativeDiff(a, r);
            output.WriteLine($"{config.Version} {name,-16} relative difference {d:E1}");
            if (!(d < Tolerance)) report.Add($"{name}: {d:E2}");
        }
        Assert.True(report.Count == 0, "float32 differs from float64: " + string.Join(", ", report));
    }

    /// <summary>Random BatchNorm statistics and a random positive mel matrix (a new model's is zero, which would
    /// make every input the same constant log-mel).</summary>
    private static void Randomise(MsClapModel model, Generator generator)
    {
        Float64Twin.RandomiseBatchNormStatistics(model, generator);
        using var _ = no_grad();
        foreach (var (name, p) in model.named_parameters())
            if (name.EndsWith("melW", StringComparison.Ordinal)) p.uniform_(0, 0.1, generator);
    }
}
