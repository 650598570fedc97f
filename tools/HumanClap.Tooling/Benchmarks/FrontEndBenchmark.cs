using System.Diagnostics;
using HumanClap.Audio;

namespace HumanClap.Tooling.Benchmarks;

/// <summary>Decoding plus resampling of 10 s WAV clips to 48 kHz, three ways, in one process.</summary>
/// <param name="SourceRate">Sample rate of the clips that were decoded.</param>
/// <param name="WdlClipsPerSecond">Default path: WDL sinc resampling by the port <see cref="WdlSincResampler"/>.
/// </param>
/// <param name="PolyphaseClipsPerSecond">Same filter via <see cref="PolyphaseResampler"/> (opt-in:
/// <c>score --resampler polyphase</c>).</param>
/// <param name="NAudioWdlClipsPerSecond">The path before this work: NAudio's own WAV decoding and WdlResampler
/// (<see cref="SincResamplingSampleProvider"/>; without the loader's NaN check); null in figures saved before the
/// port.</param>
public sealed record DecodeResampleFigures(
    int SourceRate, double WdlClipsPerSecond, double PolyphaseClipsPerSecond, double? NAudioWdlClipsPerSecond = null)
{
    public double Speedup => PolyphaseClipsPerSecond / WdlClipsPerSecond;
    public double? PortSpeedup => WdlClipsPerSecond / NAudioWdlClipsPerSecond;
    public double? PolyphaseSpeedup => PolyphaseClipsPerSecond / NAudioWdlClipsPerSecond;

    /// <summary>One line for the console and the table of docs/performance.md.</summary>
    public string Summary() => NAudioWdlClipsPerSecond is double naudio
        ? $"{WdlClipsPerSecond:F1} clips/s (WDL sinc, default) = {PortSpeedup:F1}×, {PolyphaseClipsPerSecond:F1} " +
          $"clips/s (polyphase) = {PolyphaseSpeedup:F1}× NAudio's decoding and WDL code ({naudio:F1} clips/s)"
        : $"{WdlClipsPerSecond:F1} clips/s (WDL sinc), {PolyphaseClipsPerSecond:F1} clips/s (polyphase) = " +
          $"{Speedup:F1}×";
}

public static class FrontEndBenchmark
{
    /// <summary>Times <see cref="AudioLoader.Load"/> on a 10 s clip at each source rate, alternating the
    /// resamplers round by round (so all see the same machine load); medians of <paramref name="repeats"/>.</summary>
    public static IReadOnlyList<DecodeResampleFigures> DecodeResample(int repeats, int seed, params int[] sourceRates)
    {
        var dir = Directory.CreateTempSubdirectory("humanclap-bench-").FullName;
        try
        {
            var rng = new Random(seed);
            return sourceRates.Select(rate =>
            {
                var path = Path.Combine(dir, $"noise_{rate}.wav");
                var noise = Enumerable.Range(0, 10 * rate).Select(_ => (float)(rng.NextDouble() * 0.2 - 0.1));
                AudioWriter.WriteWav16(path, noise.ToArray(), rate);
                var wdl = new AudioLoadOptions { Resampler = ResamplerKind.WdlSinc };
                var poly = new AudioLoadOptions { Resampler = ResamplerKind.Polyphase };
                var (a, b, c) = (new List<double>(), new List<double>(), new List<double>());
                for (int r = 0; r <= repeats; r++) // round 0 warms all up
                {
                    double ta = Time(() => AudioLoader.Load(path, wdl)), tb = Time(() => AudioLoader.Load(path, poly));
                    double tc = Time(() => LoadWithNAudioWdl(path));
                    if (r == 0) continue;
                    a.Add(ta);
                    b.Add(tb);
                    c.Add(tc);
                }
                return new DecodeResampleFigures(rate, 1 / Median(a), 1 / Median(b), 1 / Median(c));
            }).ToList();
        }
        finally { Directory.Delete(dir, true); }
    }

    /// <summary>The loader's default path as it was before this work: the mono WAV decoded by NAudio's reader and
    /// sample converter and resampled by NAudio's WdlResampler in the same blocks.</summary>
    private static float[] LoadWithNAudioWdl(string path)
    {
        using var reader = new NAudio.Wave.WaveFileReader(path);
        int rate = reader.WaveFormat.SampleRate;
        var resampler = new SincResamplingSampleProvider(NAudio.Wave.WaveExtensionMethods.ToSampleProvider(reader),
            48_000);
        long expected = AudioLoader.ExpectedOutput(reader.SampleCount, rate, 48_000);
        var (samples, count) = AudioLoader.ReadAll(resampler, expected);
        return samples[..count];
    }

    /// <summary>The feature extractor alone (laion/clap-htsat-unfused settings: rand_trunc, Slaney mel) on
    /// <paramref name="batch"/> random 10 s clips at 48 kHz, uniform in [-0.1, 0.1) as the other benchmarks use:
    /// clips per second, median of <paramref name="repeats"/> after a warm-up, and the spread of the repeats.</summary>
    public static (double ClipsPerSecond, double Spread) ExtractorClipsPerSecond(int batch, int repeats, int seed)
    {
        var waves = FullSizeSetup.RandomClips(batch, new Random(seed));
        var extractor = FullSizeSetup.Extractor();
        var timer = new RoundTimer();
        int id = timer.Add(() => { using var f = extractor.Extract(waves); });
        timer.Run(repeats);
        return (batch / timer.Median(id), timer.Spread(id));
    }

    public static IEnumerable<string> Lines(IReadOnlyList<DecodeResampleFigures> figures) => figures.Select(f =>
        $"decode+resample {f.SourceRate / 1000.0,4:0.#} kHz->48  " + f.Summary());

    private static double Time(Action action)
    {
        var sw = Stopwatch.StartNew();
        action();
        return sw.Elapsed.TotalSeconds;
    }

    private static double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);
}
