using System.Text.Json;

namespace HumanClap.Audio;

/// <summary>How audio longer than the model window is handled (<c>truncation</c> in preprocessor_config.json).</summary>
public enum TruncationMode
{
    /// <summary><c>fusion</c>: 4 channels (whole clip squeezed + 3 chunks), HTK mel bank.</summary>
    Fusion,
    /// <summary><c>rand_trunc</c>: one random 10 s crop, Slaney mel bank.</summary>
    RandTrunc,
}

/// <summary>How audio shorter than the window is filled (<c>padding</c> in preprocessor_config.json).</summary>
public enum PaddingMode
{
    /// <summary><c>repeatpad</c>: tile floor(max/len) times, then zero-pad.</summary>
    RepeatPad,
    /// <summary><c>repeat</c>: tile floor(max/len)+1 times and cut.</summary>
    Repeat,
    /// <summary><c>pad</c>: zero-pad.</summary>
    Pad,
}

/// <summary>The fields of a CLAP checkpoint's <c>preprocessor_config.json</c> that the extractor uses.</summary>
public sealed record FeatureExtractorConfig
{
    /// <summary>Number of mel filters (64).</summary>
    public int FeatureSize { get; init; } = 64;
    /// <summary>Expected input rate in Hz (48 000); the extractor never resamples.</summary>
    public int SamplingRate { get; init; } = 48_000;
    /// <summary>STFT hop in samples (480).</summary>
    public int HopLength { get; init; } = 480;
    /// <summary>STFT window and FFT size (1024).</summary>
    public int FftWindowSize { get; init; } = 1024;
    /// <summary>Model window in seconds (10).</summary>
    public int MaxLengthSeconds { get; init; } = 10;
    /// <summary>Lowest mel edge in Hz.</summary>
    public double FrequencyMin { get; init; }
    /// <summary>Highest mel edge in Hz.</summary>
    public double FrequencyMax { get; init; } = 14_000;
    /// <summary>Long-audio handling.</summary>
    public TruncationMode Truncation { get; init; } = TruncationMode.Fusion;
    /// <summary>Short-audio handling.</summary>
    public PaddingMode Padding { get; init; } = PaddingMode.RepeatPad;

    /// <summary>Window length in samples (max_length_s x sampling_rate).</summary>
    public int MaxSamples => MaxLengthSeconds * SamplingRate;
    /// <summary>Frames of one window (max_samples / hop + 1 with centred frames).</summary>
    public int ChunkFrames => MaxSamples / HopLength + 1;
    /// <summary>One-sided FFT bins.</summary>
    public int FrequencyBins => FftWindowSize / 2 + 1;

    private static readonly string[] Required =
        ["feature_size", "sampling_rate", "hop_length", "fft_window_size", "max_length_s",
         "frequency_min", "frequency_max", "truncation", "padding"];

    /// <summary>
    /// Reads a preprocessor_config.json. All fields in <c>Required</c> must be present with the right JSON type;
    /// <c>nb_max_samples</c>, when present, must agree with max_length_s x sampling_rate. <c>top_db</c> is
    /// ignored, as in Hugging Face's extractor (it never passes it to the dB conversion).
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">Malformed JSON, a missing field, a wrong type or an unknown mode; the message names the field and file.</exception>
    public static FeatureExtractorConfig Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Preprocessor config not found: {path}", path);
        JsonDocument doc;
        try { doc = JsonDocument.Parse(File.ReadAllText(path)); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: invalid JSON ({e.Message})", e); }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"{path}: expected a JSON object");
            foreach (var name in Required)
                if (!root.TryGetProperty(name, out _)) throw new InvalidDataException($"{path}: required field \"{name}\" is missing");

            int Int(string name)
            {
                var e = root.GetProperty(name);
                if (e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out double d) && d == Math.Floor(d) && d > 0 && d <= int.MaxValue)
                    return (int)d;
                throw new InvalidDataException($"{path}: field \"{name}\" must be a positive integer, got {e.GetRawText()}");
            }
            double Number(string name)
            {
                var e = root.GetProperty(name);
                if (e.ValueKind == JsonValueKind.Number) return e.GetDouble();
                throw new InvalidDataException($"{path}: field \"{name}\" must be a number, got {e.GetRawText()}");
            }
            string Text(string name)
            {
                var e = root.GetProperty(name);
                if (e.ValueKind == JsonValueKind.String) return e.GetString()!;
                throw new InvalidDataException($"{path}: field \"{name}\" must be a string, got {e.GetRawText()}");
            }

            var config = new FeatureExtractorConfig
            {
                FeatureSize = Int("feature_size"),
                SamplingRate = Int("sampling_rate"),
                HopLength = Int("hop_length"),
                FftWindowSize = Int("fft_window_size"),
                MaxLengthSeconds = Int("max_length_s"),
                FrequencyMin = Number("frequency_min"),
                FrequencyMax = Number("frequency_max"),
                Truncation = Text("truncation") switch
                {
                    "fusion" => TruncationMode.Fusion,
                    "rand_trunc" => TruncationMode.RandTrunc,
                    var t => throw new InvalidDataException($"{path}: field \"truncation\" must be \"fusion\" or \"rand_trunc\", got \"{t}\""),
                },
                Padding = Text("padding") switch
                {
                    "repeatpad" => PaddingMode.RepeatPad,
                    "repeat" => PaddingMode.Repeat,
                    "pad" => PaddingMode.Pad,
                    var p => throw new InvalidDataException($"{path}: field \"padding\" must be \"repeatpad\", \"repeat\" or \"pad\", got \"{p}\""),
                },
            };
            if (root.TryGetProperty("nb_max_samples", out var nb) &&
                !(nb.ValueKind == JsonValueKind.Number && nb.TryGetInt64(out long n) && n == config.MaxSamples))
                throw new InvalidDataException(
                    $"{path}: field \"nb_max_samples\" ({nb.GetRawText()}) disagrees with max_length_s x sampling_rate = {config.MaxSamples}");
            if (!(config.FrequencyMin >= 0 && config.FrequencyMin < config.FrequencyMax && config.FrequencyMax <= config.SamplingRate / 2.0))
                throw new InvalidDataException(
                    $"{path}: fields \"frequency_min\"/\"frequency_max\" ({config.FrequencyMin}, {config.FrequencyMax}) must satisfy 0 <= min < max <= sampling_rate/2");
            return config;
        }
    }
}
