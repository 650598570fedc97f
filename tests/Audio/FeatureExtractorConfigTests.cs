using System.Text.Json.Nodes;
using HumanClap.Audio;
using HumanClap.Common;
using static HumanClap.Tests.Support.Fixtures;

namespace HumanClap.Tests.Audio;

public class FeatureExtractorConfigTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("clap-config").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string WriteVariant(Action<JsonObject> edit)
    {
        var fixture = Path.Combine(Checkpoint("tiny_fused"), "preprocessor_config.json");
        var json = JsonNode.Parse(File.ReadAllText(fixture))!.AsObject();
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
            (fused.FeatureSize, fused.SamplingRate, fused.HopLength, fused.FftWindowSize, fused.MaxSamples,
                fused.ChunkFrames, fused.FrequencyBins));
        Assert.Equal((0.0, 14_000.0), (fused.FrequencyMin, fused.FrequencyMax));
    }

    [Fact]
    public void MissingFieldIsNamed()
    {
        string path = WriteVariant(j => j.Remove("hop_length"));
        var e = Assert.Throws<UserInputException>(() => FeatureExtractorConfig.Load(path));
        Assert.Contains("hop_length", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void WrongTypeIsNamed()
    {
        string path = WriteVariant(j => j["frequency_max"] = "14000");
        var e = Assert.Throws<UserInputException>(() => FeatureExtractorConfig.Load(path));
        Assert.Contains("frequency_max", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void UnknownTruncationIsNamed()
    {
        string path = WriteVariant(j => j["truncation"] = "head");
        var e = Assert.Throws<UserInputException>(() => FeatureExtractorConfig.Load(path));
        Assert.Contains("truncation", e.Message);
        Assert.Contains("head", e.Message);
    }

    [Theory]
    [InlineData("truncation", "Fusion")]
    [InlineData("padding", "repeat_pad")]
    [InlineData("padding", "RepeatPad")]
    public void ModesAreTheExactHuggingFaceStrings(string key, string value)
    {
        string path = WriteVariant(j => j[key] = value);
        var e = Assert.Throws<UserInputException>(() => FeatureExtractorConfig.Load(path));
        Assert.Contains($"'{key}'", e.Message);
        Assert.Contains(value, e.Message);
    }

    [Fact]
    public void ModeAsItsNumberIsRejected()
    {
        string path = WriteVariant(j => j["padding"] = 1);
        var e = Assert.Throws<UserInputException>(() => FeatureExtractorConfig.Load(path));
        Assert.Contains("'padding' must be one of \"repeatpad\", \"repeat\", \"pad\", got 1", e.Message);
    }

    [Fact]
    public void EveryModeStringOfHuggingFaceIsRead()
    {
        foreach (var (padding, mode) in new[] { ("repeatpad", PaddingMode.RepeatPad), ("repeat", PaddingMode.Repeat),
                     ("pad", PaddingMode.Pad) })
            Assert.Equal(mode, FeatureExtractorConfig.Load(WriteVariant(j => j["padding"] = padding)).Padding);
        string path = WriteVariant(j => j["truncation"] = "rand_trunc");
        Assert.Equal(TruncationMode.RandTrunc, FeatureExtractorConfig.Load(path).Truncation);
    }

    [Theory]
    [InlineData("hop_length", 0)]
    [InlineData("sampling_rate", -48000)]
    public void NonPositiveCountIsNamed(string key, int value)
    {
        string path = WriteVariant(j => j[key] = value);
        var e = Assert.Throws<UserInputException>(() => FeatureExtractorConfig.Load(path));
        Assert.Contains($"'{key}' must be a positive integer, got {value}", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void FractionalCountIsNamed()
    {
        string path = WriteVariant(j => j["hop_length"] = 480.5);
        var e = Assert.Throws<UserInputException>(() => FeatureExtractorConfig.Load(path));
        Assert.Contains("'hop_length' must be an integer, got 480.5", e.Message);
    }

    [Fact]
    public void InconsistentMaxSamplesIsRejected()
    {
        string path = WriteVariant(j => j["nb_max_samples"] = 441_000);
        var e = Assert.Throws<UserInputException>(() => FeatureExtractorConfig.Load(path));
        Assert.Contains("nb_max_samples", e.Message);
    }

    [Fact]
    public void FrequencyMinIsTakenFromTheFile()
    {
        string path = WriteVariant(j => j["frequency_min"] = 50);
        Assert.Equal(50.0, FeatureExtractorConfig.Load(path).FrequencyMin);
    }
}
