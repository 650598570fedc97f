using System.Text.Json;
using HumanClap.Audio;
using HumanClap.Model.MsClap;
using HumanClap.Tests.Support;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace HumanClap.Tests.Model.MsClap;

/// <summary>The msclap fixtures' meta.json (clip files and crop offsets, texts) and tolerance checks.</summary>
public sealed record MsClapMeta(string[] AudioFiles, long?[] CropOffsets, string[] Texts, int[] IntermediateClips)
{
    public static MsClapMeta Read(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(MsClapFixtures.Dir(name), "meta.json")));
        var root = doc.RootElement;
        var audio = root.GetProperty("audio").EnumerateArray().ToList();
        return new MsClapMeta(
            audio.Select(a => Path.Combine(MsClapFixtures.Dir(name), a.GetProperty("file").GetString()!)).ToArray(),
            audio.Select(a =>
                    a.GetProperty("crop_offset") is { ValueKind: JsonValueKind.Number } o ? o.GetInt64() : (long?)null)
                .ToArray(),
            root.GetProperty("texts").EnumerateArray().Select(t => t.GetString()!).ToArray(),
            root.GetProperty("intermediate_clips").EnumerateArray().Select(i => i.GetInt32()).ToArray());
    }

    /// <summary>Every clip prepared as msclap does, with the reference run's crop offsets: (clips, T).</summary>
    public Tensor Waveforms(int clipSamples) =>
        stack(AudioFiles.Select((f, i) => MsClapAudio.Load(f, clipSamples,
            new MsClapAudio.Crop(CropOffsets[i]))).ToArray());
}

/// <summary>Collects (name, max |diff|) checks and fails once, listing every stage over its tolerance.</summary>
public sealed class ToleranceReport(ITestOutputHelper output)
{
    private readonly List<string> _failures = [];

    public double Check(string name, Tensor actual, Tensor expected, double tolerance)
    {
        var d = Fixtures.MaxAbsDiff(actual, expected);
        output.WriteLine($"{name,-30} max |diff| = {d:E2} (tolerance {tolerance:E0})");
        if (!(d <= tolerance)) _failures.Add($"{name}: {d:E3} > {tolerance:E0}");
        return d;
    }

    /// <summary>Max |diff| divided by max(1, max |expected|): for stages whose values are large, where float32
    /// rounding alone exceeds an absolute 1e-4.</summary>
    public double CheckScaled(string name, Tensor actual, Tensor expected, double tolerance)
    {
        var scale = Math.Max(1.0, expected.abs().max().item<float>());
        var d = Fixtures.MaxAbsDiff(actual, expected);
        output.WriteLine($"{name,-30} max |diff| = {d:E2}, max |ref| = {scale:F1}, " +
                         $"scaled {d / scale:E2} (tolerance {tolerance:E0})");
        if (!(d / scale <= tolerance)) _failures.Add($"{name}: {d / scale:E3} > {tolerance:E0} (scaled)");
        return d / scale;
    }

    public void Assert() => Xunit.Assert.True(_failures.Count == 0, "over tolerance: " + string.Join(", ", _failures));
}
