using HumanClap.Model;
using HumanClap.Model.MsClap;
using HumanClap.Tests.Support;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace HumanClap.Tests.Model.MsClap;

/// <summary>The shared torchlibrosa front end (both versions) against msclap's spectrogram, log-mel and bn0.</summary>
public class TorchLibrosaFrontEndTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("tiny_2023", "audio_encoder.base.htsat.")]
    [InlineData("tiny_2022", "audio_encoder.base.")]
    public void FrontEndMatchesTorchlibrosa(string name, string prefix)
    {
        using var scope = NewDisposeScope();
        using var front = Load(name, prefix);
        var exp = MsClapFixtures.Expected(name);
        var clips = tensor(MsClapMeta.Read(name).IntermediateClips.Select(i => (long)i).ToArray());
        using var _ = no_grad();
        var spec = front.Spectrogram(exp["waveform"].index_select(0, clips));
        var report = new ToleranceReport(output);
        // Power values span many decades: compare relative to the largest value.
        foreach (var (part, frames) in new[] { ("head", spec[.., .., ..32]), ("tail", spec[.., .., ^32..]) })
        {
            var reference = exp[$"spectrogram_{part}"];
            var scale = reference.abs().max().item<float>();
            report.Check($"spectrogram_{part} / max", frames.div(scale), reference.div(scale), 1e-5);
        }
        var diff = front.Logmel(spec).sub(exp["logmel"]).abs();
        float max = diff.max().item<float>(), mean = diff.mean().item<float>();
        output.WriteLine($"logmel (dB): max {max:E2}, mean {mean:E2}");
        Assert.True(max <= 0.05f, $"log-mel max diff {max} dB over 0.05 dB");
        Assert.True(mean <= 1e-3f, $"log-mel mean diff {mean} dB over 1e-3 dB");
        report.Check("bn0 (from stored logmel)", front.Bn0(exp["logmel"]), exp["bn0"], 1e-4);
        report.Check("bn0 (from waveform)", front.forward(exp["waveform"].index_select(0, clips)), exp["bn0"], 1e-4);
        report.Assert();
    }

    /// <summary>A stand-alone front end with the fixture's STFT kernels, mel matrix and bn0.</summary>
    private static TorchLibrosaFrontEnd Load(string name, string prefix)
    {
        var front = new TorchLibrosaFrontEnd(64);
        var (weights, source) = CheckpointIO.ReadStateDict(MsClapFixtures.Dir(name), new CheckpointLoadOptions());
        var own = weights.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal))
            .Select(kv => (Key: kv.Key[prefix.Length..], kv.Value))
            .Where(kv => front.StateDictChildren.Any(c => kv.Key.StartsWith(c.Name + ".", StringComparison.Ordinal)))
            .ToDictionary(kv => kv.Key, kv => kv.Value);
        CheckpointIO.LoadStrict(front, own, source);
        foreach (var t in weights.Values) t.Dispose();
        front.eval();
        return front;
    }
}
