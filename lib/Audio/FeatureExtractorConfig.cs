using System.Text.Json.Serialization;
using HumanClap.Common;

namespace HumanClap.Audio;

/// <summary>The keys of a CLAP checkpoint's <c>preprocessor_config.json</c> that the extractor uses, bound by name
/// (snake_case); every one is required in the file.</summary>
public sealed record FeatureExtractorConfig
{
    /// <summary>Number of mel filters (64).</summary>
    [JsonRequired] public int FeatureSize { get; init; } = 64;
    /// <summary>Expected input rate in Hz (48 000); the extractor never resamples.</summary>
    [JsonRequired] public int SamplingRate { get; init; } = 48_000;
    /// <summary>STFT hop in samples (480).</summary>
    [JsonRequired] public int HopLength { get; init; } = 480;
    /// <summary>STFT window and FFT size (1024).</summary>
    [JsonRequired] public int FftWindowSize { get; init; } = 1024;
    /// <summary>Model window in seconds (10).</summary>
    [JsonRequired, JsonPropertyName("max_length_s")] public int MaxLengthSeconds { get; init; } = 10;
    /// <summary>Lowest mel edge in Hz.</summary>
    [JsonRequired] public double FrequencyMin { get; init; }
    /// <summary>Highest mel edge in Hz.</summary>
    [JsonRequired] public double FrequencyMax { get; init; } = 14_000;
    /// <summary>Long-audio handling.</summary>
    [JsonRequired] public TruncationMode Truncation { get; init; } = TruncationMode.Fusion;
    /// <summary>Short-audio handling.</summary>
    [JsonRequired] public PaddingMode Padding { get; init; } = PaddingMode.RepeatPad;

    /// <summary>Window length in samples (max_length_s x sampling_rate).</summary>
    [JsonIgnore] public int MaxSamples => MaxLengthSeconds * SamplingRate;
    /// <summary>Frames of one window (max_samples / hop + 1 with centred frames).</summary>
    [JsonIgnore] public int ChunkFrames => MaxSamples / HopLength + 1;
    /// <summary>One-sided FFT bins.</summary>
    [JsonIgnore] public int FrequencyBins => FftWindowSize / 2 + 1;

    /// <summary>A key of the file that only restates others: read to check it, not kept.</summary>
    private sealed record Restated(long? NbMaxSamples);

    /// <summary>
    /// Reads a preprocessor_config.json. Every property above must be present with the right JSON type, the
    /// integers positive; <c>nb_max_samples</c>, when present, must agree with max_length_s x sampling_rate.
    /// <c>top_db</c> is ignored, as in Hugging Face's extractor (it never passes it to the dB conversion).
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="UserInputException">Malformed JSON, a missing key, a wrong type, an unknown mode or values
    /// out of range; the message names the file and the key.</exception>
    public static FeatureExtractorConfig Load(string path)
    {
        var config = JsonFile.Read<FeatureExtractorConfig>(path, "preprocessor config", JsonFile.SnakeCase);
        config.Validate(path, JsonFile.Parse<Restated>(File.ReadAllText(path), path, JsonFile.SnakeCase));
        return config;
    }

    private void Validate(string path, Restated restated)
    {
        void Fail(string key, string why) => throw new UserInputException($"{path}: key {key} {why}");
        (string Key, int Value)[] counts = [("feature_size", FeatureSize), ("sampling_rate", SamplingRate),
            ("hop_length", HopLength), ("fft_window_size", FftWindowSize), ("max_length_s", MaxLengthSeconds)];
        foreach (var (key, value) in counts)
            if (value <= 0) Fail($"'{key}'", $"must be a positive integer, got {value}");
        if (restated.NbMaxSamples is { } declared && declared != MaxSamples)
            Fail("'nb_max_samples'", $"({declared}) disagrees with max_length_s x sampling_rate = {MaxSamples}");
        if (!(FrequencyMin >= 0 && FrequencyMin < FrequencyMax && FrequencyMax <= SamplingRate / 2.0))
            Fail("'frequency_min'/'frequency_max'",
                $"({FrequencyMin}, {FrequencyMax}) must satisfy 0 <= min < max <= sampling_rate/2");
    }
}
