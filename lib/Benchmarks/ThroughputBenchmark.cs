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
    public double? TrainPeakWorkingSetGiB { get; init; }
    /// <summary>Share of the run's wall time during which runnable tasks waited for a CPU (/proc/pressure/cpu);
    /// null where PSI is unavailable.</summary>
    public double? CpuStallShare { get; init; }
    /// <summary>Largest (max - min) / median over the repeats of any one measure.</summary>
    public required double MaxRepeatSpread { get; init; }
    public required int Repeats { get; init; }

    /// <summary>Thresholds of a quiet run: above them the numbers say more about the other processes than about this
    /// code, and the README table is not written from them.</summary>
    public const double MaxQuietStallShare = 0.05, MaxQuietSpread = 0.10;

    /// <summary>Why the run counts as disturbed, or null for a quiet run.</summary>
    public string? Disturbance => CpuStallShare is not double stall
        ? "CPU pressure unknown (no /proc/pressure/cpu)"
        : stall > MaxQuietStallShare ? $"CPU stall share {stall:P0} > {MaxQuietStallShare:P0} (other processes competed for the cores)"
        : MaxRepeatSpread > MaxQuietSpread ? $"repeat spread {MaxRepeatSpread:P0} > {MaxQuietSpread:P0}"
        : null;

    public double AudioFractionOfSgemm => AudioGflops / SgemmGflops;
    public double TextFractionOfSgemm => TextGflops77 / SgemmGflops;
}

/// <summary>Benchmark of CLAP inference (and optionally one fine-tuning step) at full size with random weights.
/// FLOP counts per item are the reference's (clap-reference.md §6): 11.8 GFLOP per 10 s clip, 13.3 GFLOP per
/// 77-token caption. Each timing is the median of <c>repeats</c> rounds after one warm-up run; the rounds alternate
/// the measures (extract, encode, text 77, text longest, ...) so a disturbance hits them alike, and the spread of the
/// repeats and the CPU stall share (<see cref="CpuPressure"/>) are reported so a disturbed run can be told.</summary>
public static class ThroughputBenchmark
{
    public const double AudioGflopPerClip = 11.8;
    public const double TextGflopPerCaption77 = 13.3;

    public static ThroughputReport Run(string tokenizerDir, int batch = 8, int repeats = 3, bool trainStep = false, int seed = 0)
    {
        manual_seed(seed);
        var rng = new Random(seed);
        var clock = Stopwatch.StartNew();
        var stallBefore = CpuPressure.SomeTotalMicroseconds();
        var timer = new RoundTimer();
        double sgemm = MeasureSgemm(repeats, timer);

        using var model = new ClapModel(ClapConfig.HtsatTiny());
        model.eval();
        // laion/clap-htsat-unfused preprocessing: rand_trunc (Slaney mel), repeatpad.
        var extractor = new ClapFeatureExtractor(new FeatureExtractorConfig { Truncation = TruncationMode.RandTrunc });
        var tokenizer = ClapTokenizer.FromPretrained(tokenizerDir);

        var waves = Enumerable.Range(0, batch).Select(_ => Enumerable.Range(0, 480_000).Select(_ => (float)(rng.NextDouble() * 0.2 - 0.1)).ToArray()).ToList();
        using var features = extractor.Extract(waves);
        var extract = timer.Add(() => { using var f = extractor.Extract(waves); });
        var encode = timer.Add(() =>
        {
            using var scope = NewDisposeScope();
            using var _ = inference_mode();
            model.EncodeAudio(features.InputFeatures, features.IsLonger);
        });

        // Captions of realistic length (AudioCaps captions are ~10-20 words).
        var words = "a dog barks while cars pass by on a wet road and people talk in the distance then a bell rings".Split(' ');
        var captions = Enumerable.Range(0, batch).Select(i => string.Join(' ', words.Take(8 + i % 10))).ToList();
        int TextMeasure(TextPadding padding) => timer.Add(() =>
        {
            using var scope = NewDisposeScope();
            using var _ = inference_mode();
            using var tokens = tokenizer.Encode(captions, padding);
            model.EncodeText(tokens.InputIds, tokens.AttentionMask);
        });
        int t77 = TextMeasure(TextPadding.MaxLength), tLongest = TextMeasure(TextPadding.Longest);
        timer.Run(repeats);
        double extractSeconds = timer.Median(extract), encodeSeconds = timer.Median(encode);
        double text77 = timer.Median(t77), textLongest = timer.Median(tLongest);
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
            Repeats = repeats,
            MaxRepeatSpread = timer.MaxSpread,
        };
        if (!trainStep) return Disturbance(report, stallBefore, clock);

        model.train();
        var optimizer = optim.AdamW(model.parameters(), lr: 1e-5);
        var scores = rand(batch, generator: manual_seed(seed));
        var stepTimer = new RoundTimer();
        stepTimer.Add(() =>
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            using var tokens = tokenizer.Encode(captions, TextPadding.Longest);
            var a = model.EncodeAudio(features.InputFeatures, features.IsLonger).Embeds;
            var t = model.EncodeText(tokens.InputIds, tokens.AttentionMask).Embeds;
            HumanClapLoss.PaperDefault.Compute(a, t, scores, model.LogitScaleA).Total.backward();
            optimizer.step();
        });
        stepTimer.Run(repeats);
        return Disturbance(report with
        {
            TrainStepSeconds = stepTimer.Median(0),
            TrainPeakWorkingSetGiB = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024 * 1024),
            MaxRepeatSpread = Math.Max(report.MaxRepeatSpread, stepTimer.MaxSpread),
        }, stallBefore, clock);
    }

    private static ThroughputReport Disturbance(ThroughputReport report, long? stallBefore, Stopwatch clock) =>
        report with { CpuStallShare = CpuPressure.StallShare(stallBefore, CpuPressure.SomeTotalMicroseconds(), clock.Elapsed) };

    /// <summary>The process's own large single-precision matrix-multiply rate (2048² x 2048², 2n³ FLOP).</summary>
    public static double MeasureSgemm(int repeats, RoundTimer? timer = null, int n = 2048)
    {
        using var a = randn(n, n);
        using var b = randn(n, n);
        timer ??= new RoundTimer();
        int id = timer.Add(() => { using var c = a.mm(b); });
        timer.Run(repeats, only: id);
        return 2.0 * n * n * n / timer.Median(id) / 1e9;
    }
}
