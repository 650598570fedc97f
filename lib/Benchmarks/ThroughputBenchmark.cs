using System.Diagnostics;
using HumanClap.Audio;
using HumanClap.Losses;
using HumanClap.Model;
using HumanClap.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace HumanClap.Benchmarks;

/// <summary>Measured throughput of the full-size towers, all in one process so the ratios are comparable.</summary>
public sealed record ThroughputReport
{
    public required int Threads { get; init; }
    public required double SgemmGflops { get; init; }
    public required double AudioClipsPerSecond { get; init; }
    public required double AudioGflops { get; init; }
    public required double ExtractorShareOfAudioTime { get; init; }
    public required double TextCaptionsPerSecond77 { get; init; }
    public required double TextGflops77 { get; init; }
    public required double TextCaptionsPerSecondLongest { get; init; }
    public required double LongestPaddingSpeedup { get; init; }
    public required int LongestPaddedLength { get; init; }
    public double? TrainStepSeconds { get; init; }
    /// <summary>Peak resident memory of the fine-tuning steps alone (VmHWM reset before them).</summary>
    public double? TrainPeakWorkingSetGiB { get; init; }
    /// <summary>The step with the trainer's optimizer and with TorchSharp's AdamW, and their ratios.</summary>
    public TrainStepReport? TrainStep { get; init; }
    /// <summary>Decoding + resampling of 10 s clips (16 and 44.1 kHz), default and polyphase resampler.</summary>
    public IReadOnlyList<DecodeResampleFigures>? DecodeResample { get; init; }

    public double AudioFractionOfSgemm => AudioGflops / SgemmGflops;
    public double TextFractionOfSgemm => TextGflops77 / SgemmGflops;
}

/// <summary>Benchmark of CLAP inference (and optionally one fine-tuning step) at full size with random weights.
/// FLOP counts per item are the reference's (clap-reference.md §6): 11.8 GFLOP per 10 s clip, 13.3 GFLOP per
/// 77-token caption. Each timing is the median of <c>repeats</c> runs after one warm-up run.</summary>
public static class ThroughputBenchmark
{
    public const double AudioGflopPerClip = 11.8;
    public const double TextGflopPerCaption77 = 13.3;

    public static ThroughputReport Run(string tokenizerDir, int batch = 8, int repeats = 3, bool trainStep = false, int seed = 0)
    {
        manual_seed(seed);
        var rng = new Random(seed);
        double sgemm = MeasureSgemm(repeats);

        using var model = new ClapModel(ClapConfig.HtsatTiny());
        model.eval();
        // laion/clap-htsat-unfused preprocessing: rand_trunc (Slaney mel), repeatpad.
        var extractor = new ClapFeatureExtractor(new FeatureExtractorConfig { Truncation = TruncationMode.RandTrunc });
        var tokenizer = ClapTokenizer.FromPretrained(tokenizerDir);

        var waves = Enumerable.Range(0, batch).Select(_ => Enumerable.Range(0, 480_000).Select(_ => (float)(rng.NextDouble() * 0.2 - 0.1)).ToArray()).ToList();
        double extractSeconds = Median(repeats, () => { using var f = extractor.Extract(waves); });
        using var features = extractor.Extract(waves);
        double encodeSeconds = Median(repeats, () =>
        {
            using var scope = NewDisposeScope();
            using var _ = inference_mode();
            model.EncodeAudio(features.InputFeatures, features.IsLonger);
        });

        // Captions of realistic length (AudioCaps captions are ~10-20 words).
        var words = "a dog barks while cars pass by on a wet road and people talk in the distance then a bell rings".Split(' ');
        var captions = Enumerable.Range(0, batch).Select(i => string.Join(' ', words.Take(8 + i % 10))).ToList();
        double TextSeconds(TextPadding padding) => Median(repeats, () =>
        {
            using var scope = NewDisposeScope();
            using var _ = inference_mode();
            using var tokens = tokenizer.Encode(captions, padding);
            model.EncodeText(tokens.InputIds, tokens.AttentionMask);
        });
        double text77 = TextSeconds(TextPadding.MaxLength), textLongest = TextSeconds(TextPadding.Longest);
        int longest;
        using (var t = tokenizer.Encode(captions, TextPadding.Longest)) longest = (int)t.InputIds.shape[1];

        double audioTotal = extractSeconds + encodeSeconds;
        var report = new ThroughputReport
        {
            Threads = get_num_threads(),
            SgemmGflops = sgemm,
            AudioClipsPerSecond = batch / audioTotal,
            AudioGflops = AudioGflopPerClip * batch / encodeSeconds,
            ExtractorShareOfAudioTime = extractSeconds / audioTotal,
            TextCaptionsPerSecond77 = batch / text77,
            TextGflops77 = TextGflopPerCaption77 * batch / text77,
            TextCaptionsPerSecondLongest = batch / textLongest,
            LongestPaddingSpeedup = text77 / textLongest,
            LongestPaddedLength = longest,
            DecodeResample = FrontEndBenchmark.DecodeResample(repeats, seed, 16_000, 44_100),
        };
        if (!trainStep) return report;

        var train = TrainStepBenchmark.Run(model, tokenizer, new AudioFeaturesBatch(features, captions), repeats, seed);
        return report with
        {
            TrainStepSeconds = train.Lean.StepSeconds,
            TrainPeakWorkingSetGiB = train.Lean.PeakGiB,
            TrainStep = train,
        };
    }

    /// <summary>The process's own large single-precision matrix-multiply rate (2048² x 2048², 2n³ FLOP).</summary>
    public static double MeasureSgemm(int repeats, int n = 2048)
    {
        using var a = randn(n, n);
        using var b = randn(n, n);
        double seconds = Median(repeats, () => { using var c = a.mm(b); });
        return 2.0 * n * n * n / seconds / 1e9;
    }

    private static double Median(int repeats, Action action)
    {
        action(); // warm-up: first-call allocation and kernel selection
        var times = new List<double>();
        for (int i = 0; i < repeats; i++)
        {
            var sw = Stopwatch.StartNew();
            action();
            times.Add(sw.Elapsed.TotalSeconds);
        }
        times.Sort();
        return times[times.Count / 2];
    }
}
