using System.Diagnostics;
using HumanClap.Audio;
using HumanClap.Losses;
using HumanClap.Model;
using HumanClap.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace HumanClap.Tooling.Benchmarks;

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
    /// <summary>MS CLAP 2023 at full size (HTSAT + GPT-2), measured in the same process.</summary>
    public MsClapThroughput? MsClap2023 { get; init; }
    /// <summary>Share of the run's wall time during which runnable tasks waited for a CPU (/proc/pressure/cpu);
    /// null where PSI is unavailable.</summary>
    public double? CpuStallShare { get; init; }
    /// <summary>Largest (max - min) / median over the repeats of any one measure.</summary>
    public required double MaxRepeatSpread { get; init; }
    /// <summary>Largest median absolute deviation / median of any one measure (<see cref="QuietRun"/>); null in
    /// results saved before it was recorded.</summary>
    public double? MaxRepeatDispersion { get; init; }
    /// <summary>The measure with that dispersion.</summary>
    public string? NoisiestMeasure { get; init; }
    public required int Repeats { get; init; }

    /// <summary>Why the run counts as disturbed (<see cref="QuietRun"/>), or null for a quiet run: the table of
    /// docs/performance.md is not written from a disturbed run.</summary>
    public string? Disturbance => QuietRun.Disturbance(CpuStallShare, MaxRepeatSpread, MaxRepeatDispersion,
        NoisiestMeasure);
    /// <summary>Peak resident memory of the fine-tuning steps alone (VmHWM reset before them).</summary>
    public double? TrainPeakWorkingSetGiB { get; init; }
    /// <summary>The step with the trainer's optimizer and with TorchSharp's AdamW, and their ratios.</summary>
    public TrainStepReport? TrainStep { get; init; }
    /// <summary>Decoding + resampling of 10 s clips (16 and 44.1 kHz), default and polyphase resampler.</summary>
    public IReadOnlyList<DecodeResampleFigures>? DecodeResample { get; init; }

    public double AudioFractionOfSgemm => AudioGflops / SgemmGflops;
    public double TextFractionOfSgemm => TextGflops77 / SgemmGflops;
    /// <summary>The extractor alone: the audio branch's clips over the extractor's share of its time.</summary>
    public double ExtractorClipsPerSecond => AudioClipsPerSecond / ExtractorShareOfAudioTime;
}

/// <summary>MS CLAP 2023 throughput at full size: waveform → embedding (front end included) and 77-token captions.
/// </summary>
public sealed record MsClapThroughput(double ClipsPerSecond, double AudioGflops, double CaptionsPerSecond,
    double TextGflops, double SgemmGflops)
{
    public double AudioFractionOfSgemm => AudioGflops / SgemmGflops;
    public double TextFractionOfSgemm => TextGflops / SgemmGflops;
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

    /// <summary>MS CLAP 2023 per 7 s clip: the same Swin stack on the same 256x256 image as HTSAT-tiny (11.8), plus
    /// the in-model STFT as two 513x1024 convolutions over 965 frames (2·2·513·1024·965 = 2.03 GFLOP) and the mel
    /// matrix (0.06).</summary>
    public const double MsClapAudioGflopPerClip = 11.8 + 2.03 + 0.06;
    /// <summary>GPT-2 (768, 12 layers, 3072) on 77 tokens: 12·(4·768² + 2·768·3072)·2·77 = 13.1 GFLOP for the
    /// linears, 0.2 for attention.</summary>
    public const double MsClapTextGflopPerCaption77 = 13.3;

    /// <remarks>Long on purpose: every measurement is registered with one <see cref="RoundTimer"/> whose rounds
    /// alternate, so all figures share the same machine state and their ratios stay comparable within a run.</remarks>
    public static ThroughputReport Run(string tokenizerDir, int batch = 8, int repeats = 3, bool trainStep = false,
        int seed = 0, bool msclap = true)
    {
        manual_seed(seed);
        var rng = new Random(seed);
        var clock = Stopwatch.StartNew();
        var stallBefore = CpuPressure.SomeTotalMicroseconds();
        var timer = new RoundTimer();
        double sgemm = FullSizeSetup.MeasureSgemm(repeats, timer);
        var msclapReport = msclap ? RunMsClap2023(sgemm, batch, repeats, seed) : null;

        using var model = FullSizeSetup.Model();
        var extractor = FullSizeSetup.Extractor();
        var tokenizer = ClapTokenizer.FromPretrained(tokenizerDir);
        var waves = FullSizeSetup.RandomClips(batch, rng);
        using var features = extractor.Extract(waves);
        var extract = timer.Add(() => { using var f = extractor.Extract(waves); }, "extractor");
        var encode = timer.Add(() =>
        {
            using var scope = NewDisposeScope();
            using var _ = inference_mode();
            model.EncodeAudio(features.InputFeatures, features.IsLonger);
        }, "audio encoder");

        var captions = FullSizeSetup.Captions(batch);
        int TextMeasure(TextPadding padding) => timer.Add(() =>
        {
            using var scope = NewDisposeScope();
            using var _ = inference_mode();
            using var tokens = tokenizer.Encode(captions, padding);
            model.EncodeText(tokens.InputIds, tokens.AttentionMask);
        }, $"text encoder ({padding})");
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
            MaxRepeatDispersion = timer.MaxDispersion,
            NoisiestMeasure = timer.NoisiestMeasure,
            MsClap2023 = msclapReport,
            DecodeResample = FrontEndBenchmark.DecodeResample(repeats, seed, 16_000, 44_100),
        };
        if (!trainStep) return Disturbance(report, stallBefore, clock);

        var train = TrainStepBenchmark.Run(model, tokenizer, new AudioFeaturesBatch(features, captions), repeats, seed);
        return Disturbance(report with
        {
            TrainStepSeconds = train.Lean.StepSeconds,
            TrainPeakWorkingSetGiB = train.Lean.PeakGiB,
            TrainStep = train,
        }, stallBefore, clock);
    }

    private static ThroughputReport Disturbance(ThroughputReport report, long? stallBefore, Stopwatch clock) =>
        report with
        {
            CpuStallShare = CpuPressure.StallShare(stallBefore, CpuPressure.SomeTotalMicroseconds(), clock.Elapsed),
        };

    /// <summary>MS CLAP 2023 with its real preset and random weights: random 7 s waveforms (the front end runs in the
    /// model) and captions of 9-18 words padded to 77 as msclap does.</summary>
    public static MsClapThroughput RunMsClap2023(double sgemmGflops, int batch = 8, int repeats = 3, int seed = 0)
    {
        manual_seed(seed);
        using var model = new Model.MsClap.MsClapModel(Model.MsClap.MsClapConfig.Preset2023());
        model.eval();
        using var waves = rand(batch, model.Config.ClipSamples, generator: manual_seed(seed)).mul(0.2).sub(0.1);
        var timer = new RoundTimer();
        int audioId = timer.Add(() =>
        {
            using var scope = NewDisposeScope();
            using var _ = inference_mode();
            model.EmbedAudio(waves);
        });
        var tokenizer = new MsClapGpt2Tokenizer();
        var captions = FullSizeSetup.Captions(batch);
        int textId = timer.Add(() =>
        {
            using var scope = NewDisposeScope();
            using var _ = inference_mode();
            foreach (var g in tokenizer.Batch(captions))
                using (g.Batch) model.EmbedText(g.Batch.InputIds, g.Batch.AttentionMask);
        });
        timer.Run(repeats);
        double audio = timer.Median(audioId), text = timer.Median(textId);
        return new MsClapThroughput(batch / audio, MsClapAudioGflopPerClip * batch / audio, batch / text,
            MsClapTextGflopPerCaption77 * batch / text, sgemmGflops);
    }
}
