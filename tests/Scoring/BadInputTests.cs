using HumanClap.Audio;
using HumanClap.Scoring;
using HumanClap.Tests.Support;

namespace HumanClap.Tests.Scoring;

/// <summary>Bad rows get an error naming the cause; the good rows of the same batch are still scored.</summary>
public class BadInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("humanclap-bad-").FullName;
    public void Dispose() => Directory.Delete(_dir, true);

    private string Wav(string name, float[] samples, int rate = 48_000)
    {
        var path = Path.Combine(_dir, name);
        AudioWriter.WriteWavFloat(path, samples, rate);
        return path;
    }

    private static float[] Sine(int n, double hz, int rate) =>
        Enumerable.Range(0, n).Select(i => (float)(0.3 * Math.Sin(2 * Math.PI * hz * i / rate))).ToArray();

    [Fact]
    public void EveryKindOfBadAudioIsReportedPerRowAndGoodRowsAreScored()
    {
        var good = Wav("good.wav", Sine(48_000, 440, 48_000));
        var low = Wav("eight_k.wav", Sine(8_000 * 3, 300, 8_000), 8_000);
        var nan = Wav("nan.wav", Enumerable.Repeat(float.NaN, 1000).ToArray());
        var empty = Wav("empty.wav", Array.Empty<float>());
        var truncated = Path.Combine(_dir, "truncated.wav");
        File.WriteAllBytes(truncated, File.ReadAllBytes(good).Take(30).ToArray());
        var longFile = Path.Combine(_dir, "ten_minutes.wav");
        AudioWriter.WriteWav16(longFile, Sine(16_000 * 600, 220, 16_000), 16_000);
        // The same tone as good.wav, stored as 24-bit PCM and as stereo (both channels equal): these are fine inputs.
        var pcm24 = Path.Combine(_dir, "pcm24.wav");
        AudioWriter.Write(pcm24, Sine(48_000, 440, 48_000), 48_000, 1, WavSampleFormat.Pcm24);
        var stereo = Path.Combine(_dir, "stereo.wav");
        AudioWriter.Write(stereo, Sine(48_000, 440, 48_000).SelectMany(x => new[] { x, x }).ToArray(), 48_000, 2,
                          WavSampleFormat.Float32);

        using var scorer = ClapScorer.FromPretrained(Fixtures.Checkpoint("tiny_unfused"));
        var pairs = new List<(string, string)>
        {
            (good, "a tone"), (Path.Combine(_dir, "missing.wav"), "missing"), (truncated, "truncated"),
            (empty, "no samples"), (nan, "not a number"), (good, "   "), (low, "low rate"), (longFile, "long"),
            (pcm24, "a tone"), (stereo, "a tone"),
        };
        var scored = scorer.ScoreFiles(pairs, batchSize: 4);

        Assert.True(scored[0].Ok && scored[6].Ok && scored[7].Ok && scored[8].Ok && scored[9].Ok,
                    string.Join("; ", scored.Where(s => !s.Ok).Select(s => s.Error)));
        foreach (var i in new[] { 1, 2, 3, 4 })
        {
            Assert.False(scored[i].Ok, $"row {i} should fail");
            Assert.Contains(Path.GetFileName(pairs[i].Item1), scored[i].Error);
            Assert.Null(scored[i].Cosine);
        }
        Assert.Equal("empty text", scored[5].Error);
        Assert.InRange(scored[0].Cosine!.Value, -1, 1);
        // Same waveform (24-bit quantisation aside) and same text as row 0: the same score.
        Assert.Equal(scored[0].Cosine!.Value, scored[8].Cosine!.Value, 1e-3);
        Assert.Equal(scored[0].Cosine!.Value, scored[9].Cosine!.Value, 1e-4);
    }
}
