using HumanClap.Audio;
using HumanClap.Model;
using static TorchSharp.torch;

namespace HumanClap.Tooling.Benchmarks;

/// <summary>
/// What every benchmark measures on, made in one place so their figures describe the same work: the full-size
/// HTSAT-tiny + RoBERTa-base model with random weights, laion/clap-htsat-unfused preprocessing (rand_trunc, Slaney
/// mel, repeatpad), random 10 s clips at 48 kHz, captions of AudioCaps-like length, and the process's own SGEMM
/// rate that the model rates are divided by.
/// </summary>
public static class FullSizeSetup
{
    public const int ClipSamples = 480_000;

    /// <summary>The model in eval mode (callers that train switch it).</summary>
    public static ClapModel Model()
    {
        var model = new ClapModel(ClapConfig.HtsatTiny());
        model.eval();
        return model;
    }

    public static ClapFeatureExtractor Extractor() =>
        new(new FeatureExtractorConfig { Truncation = TruncationMode.RandTrunc });

    /// <summary><paramref name="count"/> clips of uniform noise in [-0.1, 0.1), <paramref name="samples"/> long.
    /// </summary>
    public static List<float[]> RandomClips(int count, Random rng, int samples = ClipSamples) =>
        Enumerable.Range(0, count).Select(_ =>
        {
            var wave = new float[samples];
            for (int k = 0; k < wave.Length; k++) wave[k] = (float)(rng.NextDouble() * 0.2 - 0.1);
            return wave;
        }).ToList();

    /// <summary>Distinct captions of AudioCaps-like length (8-17 words), each a different rotation of a sentence.
    /// </summary>
    public static List<string> Captions(int count)
    {
        var words = ("a dog barks while cars pass by on a wet road and people talk in the distance then a bell " +
                     "rings twice near an old church").Split(' ');
        return Enumerable.Range(0, count)
            .Select(i => string.Join(' ', words.Skip(i % words.Length).Concat(words).Take(8 + i % 10)) + $" take {i}")
            .ToList();
    }

    /// <summary>The process's own large single-precision matrix-multiply rate (n² x n², 2n³ FLOP), GFLOP/s, as one
    /// measure of <paramref name="timer"/> so it alternates with the others.</summary>
    public static double MeasureSgemm(int repeats, RoundTimer? timer = null, int n = 2048)
    {
        using var a = randn(n, n);
        using var b = randn(n, n);
        timer ??= new RoundTimer();
        int id = timer.Add(() => { using var c = a.mm(b); }, "SGEMM");
        timer.Run(repeats, only: id);
        return 2.0 * n * n * n / timer.Median(id) / 1e9;
    }
}
