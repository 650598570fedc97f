using System.Text.Json;
using HumanClap.Model;
using HumanClap.Audio;
using TorchSharp;

namespace HumanClap.Tests.Audio;

/// <summary>Access to the CLAP parity fixtures copied next to the test assembly.</summary>
internal static class AudioFixtures
{
    public static string Dir(string model) => Path.Combine(AppContext.BaseDirectory, "fixtures", "clap-parity", model);

    public static string[] AudioNames(string model)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir(model), "meta.json")));
        return doc.RootElement.GetProperty("audio_names").EnumerateArray().Select(e => e.GetString()!).ToArray();
    }

    /// <summary>The fixture clips in meta.json order, loaded through <see cref="AudioLoader"/> (48 kHz float: no resampling).</summary>
    public static float[][] Waves(string model) =>
        AudioNames(model).Select(n => AudioLoader.Load(Path.Combine(Dir(model), n + ".wav"))).ToArray();

    public static Dictionary<string, torch.Tensor> Expected(string model, params string[] keys) =>
        SafetensorsIO.Load(Path.Combine(Dir(model), "expected.safetensors"), keys);

    public static double MaxAbsDiff(torch.Tensor a, torch.Tensor b)
    {
        Assert.Equal(b.shape, a.shape);
        using var d = (a.to_type(torch.ScalarType.Float64) - b.to_type(torch.ScalarType.Float64)).abs().max();
        return d.item<double>();
    }
}
