using System.Numerics;
using HumanClap.Synthetic;
using MathNet.Numerics.IntegralTransforms;

namespace HumanClap.Tests.Synthetic;

/// <summary>The audio is what its content claims, checked by simple signal measurements.</summary>
public class SignalTests
{
    private static RenderedClip One(string cls, Pitch? pitch, Loudness loud, Speed? speed = null, int seed = 1) =>
        Synthesizer.Render(new Scene([new SoundEvent(cls, pitch, loud, speed)], [], null), 2.0, new Random(seed));

    private static double DominantHz(float[] x)
    {
        int n = 1 << 14;
        var spectrum = x.Take(n)
            .Select(v => new Complex(v, 0))
            .Concat(Enumerable.Repeat(Complex.Zero, Math.Max(0, n - x.Length)))
            .ToArray();
        Fourier.Forward(spectrum, FourierOptions.Matlab);
        int best = Enumerable.Range(1, n / 2 - 1).MaxBy(k => spectrum[k].Magnitude);
        return best * (double)SoundClasses.SampleRate / n;
    }

    private static double Rms(float[] x, double from, double to)
    {
        int a = (int)(from * SoundClasses.SampleRate), b = (int)(to * SoundClasses.SampleRate);
        return Math.Sqrt(x[a..b].Average(v => (double)v * v));
    }

    [Fact]
    public void HighBeepIsAboveLowHum()
    {
        double beep = DominantHz(One("beep", Pitch.High, Loudness.Loud, Speed.Slow).Samples);
        double hum = DominantHz(One("hum", Pitch.Low, Loudness.Loud).Samples);
        Assert.InRange(beep, 1800, 2600);
        Assert.InRange(hum, 50, 150);
    }

    [Theory]
    [InlineData("beep")]
    [InlineData("siren")]
    [InlineData("whistle")]
    [InlineData("bell")]
    public void HighVariantSoundsHigherThanLowVariant(string cls) =>
        Assert.True(DominantHz(One(cls, Pitch.High, Loudness.Loud, Speed.Slow).Samples) >
                    1.5 * DominantHz(One(cls, Pitch.Low, Loudness.Loud, Speed.Slow).Samples));

    [Fact]
    public void LoudIsLouderThanQuiet()
    {
        var loud = One("engine", Pitch.Low, Loudness.Loud).Samples;
        var quiet = One("engine", Pitch.Low, Loudness.Quiet).Samples;
        Assert.True(Rms(loud, 0.5, 1.5) > 3 * Rms(quiet, 0.5, 1.5));
    }

    [Fact]
    public void FastRepeatsMoreOftenThanSlow()
    {
        static int Onsets(float[] x)
        {
            // Count rises of a 10 ms energy envelope above half its maximum.
            var env = x.Chunk(160).Select(c => c.Max(Math.Abs)).ToArray();
            float half = env.Max() / 2;
            return env.Zip(env.Skip(1)).Count(p => p.First < half && p.Second >= half);
        }
        Assert.True(Onsets(One("knock", null, Loudness.Loud, Speed.Fast).Samples)
                    > 2 * Onsets(One("knock", null, Loudness.Loud, Speed.Slow).Samples));
    }

    [Fact]
    public void SilenceWhereNothingPlays()
    {
        var scene = new Scene([new SoundEvent("beep", Pitch.High, Loudness.Loud, Speed.Fast),
                               new SoundEvent("engine", Pitch.Low, Loudness.Loud, null)],
                              [Link.Then], null);
        var clip = Synthesizer.Render(scene, 3.0, new Random(3));
        Assert.Equal(2, clip.Spans.Count);
        var (first, second) = (clip.Spans[0], clip.Spans[1]);
        Assert.True(second.Onset > first.Offset + 0.1, "a 'then' link leaves a gap");
        Assert.True(Rms(clip.Samples, first.Offset + 0.01, second.Onset - 0.01) < 1e-6);
        Assert.True(Rms(clip.Samples, 0, first.Onset - 0.01) < 1e-6);
        Assert.True(Rms(clip.Samples, second.Onset + 0.1, second.Offset - 0.1) > 0.05);
    }

    [Fact]
    public void BackgroundFillsTheGaps()
    {
        var scene = new Scene([new SoundEvent("click", null, Loudness.Loud, Speed.Slow),
                               new SoundEvent("bell", Pitch.Low, Loudness.Loud, Speed.Slow)],
                              [Link.Then], new SoundEvent("rain", null, Loudness.Quiet, null));
        var clip = Synthesizer.Render(scene, 3.0, new Random(3));
        var fg = clip.Spans.Where(s => !s.IsBackground).ToList();
        Assert.True(Rms(clip.Samples, fg[0].Offset + 0.01, fg[1].Onset - 0.01) > 1e-3);
    }

    [Fact]
    public void EveryClassRendersFiniteNonSilentAudio()
    {
        foreach (var c in SoundClasses.All)
        {
            var x = One(c.Name, c.Tonal ? Pitch.Low : null, Loudness.Loud, c.Repeating ? Speed.Fast : null).Samples;
            Assert.All(x, v => Assert.True(float.IsFinite(v) && Math.Abs(v) <= 1));
            Assert.True(Rms(x, 0.3, 1.7) > 0.01, c.Name);
        }
        Assert.True(SoundClasses.All.Count >= 16);
    }
}
