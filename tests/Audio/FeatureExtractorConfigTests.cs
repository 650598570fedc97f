using System.Text.Json.Nodes;
using HumanClap.Audio;
using static HumanClap.Tests.Support.Fixtures;

namespace HumanClap.Tests.Audio;

public class FeatureExtractorConfigTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("clap-config").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string WriteVariant(Action<JsonObject> edit)
    {
        var json = JsonNode.Parse(
            File.ReadAllText(Path.Combine(Checkpoint("tiny_fused"), "preprocessor_config.json")))!.AsObject();
        edit(json);
        string path = Path.Combine(_dir, "preprocessor_config.json");
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }

    [Fact]
    public void ReadsFixtureConfigs()
    {
        var fused = FeatureExtractorConfig.Load(Path.Combine(Checkpoint("tiny_fused"), "preprocessor_config.json"));
        var unfused = FeatureExtractorConfig.Load(Path.Combine(Checkpoint("tiny_unfused"), "preprocessor_config.json"));
        Assert.Equal(TruncationMode.Fusion, fused.Truncation);
        Assert.Equal(TruncationMode.RandTrunc, unfused.Truncation);
        Assert.Equal(PaddingMode.RepeatPad, fused.Padding);
        Assert.Equal((64, 48_000, 480, 1024, 480_000, 1001, 513),
                     (fused.FeatureSize, fused.SamplingRate, fused.HopLength, fused.FftWindowSize, fused.MaxSamples, fused.ChunkFrames, fused.FrequencyBins));
        Assert.Equal((0.0, 14_000.0), (fused.FrequencyMin, fused.FrequencyMax));
    }

    [Fact]
    public void MissingFieldIsNamed()
    {
        string path = WriteVariant(j => j.Remove("hop_length"));
        var e = Assert.Throws<InvalidDataException>(() => FeatureExtractorConfig.Load(path));
        Assert.Contains("hop_length", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void WrongTypeIsNamed()
    {
        string path = WriteVariant(j => j["frequency_max"] = "14000");
        var e = Assert.Throws<InvalidDataException>(() => FeatureExtractorConfig.Load(path));
        Assert.Contains("frequency_max", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void UnknownTruncationIsNamed()
    {
        string path = WriteVariant(j => j["truncation"] = "head");
        var e = Assert.Throws<InvalidDataException>(() => FeatureExtractorConfig.Load(path));
        Assert.Contains("truncation", e.Message);
        Assert.Contains("head", e.Message);
    }

    [Fact]
    public void InconsistentMaxSamplesIsRejected()
    {
        string path = WriteVariant(j => j["nb_max_samples"] = 441_000);
        var e = Assert.Throws<InvalidDataException>(() => FeatureExtractorConfig.Load(path));
        Assert.Contains("nb_max_samples", e.Message);
    }

    [Fact]
    public void FrequencyMinIsTakenFromTheFile()
    {
        string path = WriteVariant(j => j["frequency_min"] = 50);
        Assert.Equal(50.0, FeatureExtractorConfig.Load(path).FrequencyMin);
    }
}
