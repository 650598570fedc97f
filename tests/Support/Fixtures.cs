using System.Text.Json;
using HumanClap.Audio;
using HumanClap.Model;
using static TorchSharp.torch;

namespace HumanClap.Tests.Support;

/// <summary>Paths to the committed CLAP parity fixtures (copied next to the test assembly) and helpers to read
/// them.</summary>
public static class Fixtures
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "fixtures", "clap-parity");
    public static string Checkpoint(string name) => Path.Combine(Root, name);

    /// <summary>The reference tensors of one fixture checkpoint (expected.safetensors), loaded once per call: all of
    /// them, or only <paramref name="keys"/>.</summary>
    public static Dictionary<string, Tensor> Expected(string name, params string[] keys) =>
        SafetensorsIO.Load(Path.Combine(Checkpoint(name), "expected.safetensors"), keys.Length == 0 ? null : keys);

    /// <summary>Every tensor of a safetensors file of reference values.</summary>
    public static Dictionary<string, Tensor> ReadTensors(string path) => SafetensorsIO.Load(path);

    public static (string[] AudioNames, string[] Texts) Meta(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Checkpoint(name), "meta.json")));
        return (doc.RootElement.GetProperty("audio_names").EnumerateArray().Select(e => e.GetString()!).ToArray(),
                doc.RootElement.GetProperty("texts").EnumerateArray().Select(e => e.GetString()!).ToArray());
    }

    /// <summary>The fixture clips in meta.json order, loaded through <see cref="AudioLoader"/> (48 kHz float: no
    /// resampling).</summary>
    public static float[][] Waves(string name) =>
        Meta(name).AudioNames.Select(n => AudioLoader.Load(Path.Combine(Checkpoint(name), n + ".wav"))).ToArray();

    /// <summary>Largest absolute difference between two tensors of the same shape (asserted).</summary>
    public static double MaxAbsDiff(Tensor actual, Tensor expected)
    {
        Assert.Equal(expected.shape, actual.shape);
        using var d = actual.detach().to(ScalarType.Float64).sub(expected.to(ScalarType.Float64)).abs().max();
        return d.item<double>();
    }

    /// <summary>Repository root (the folder holding HumanClap.Lib.csproj), found by walking up from the test
    /// binaries.</summary>
    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "HumanClap.Lib.csproj")))
                dir = dir.Parent;
            return dir?.FullName
                ?? throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
        }
    }
}
