using System.Numerics;
using System.Text;
using HumanClap.Audio;
using MathNet.Numerics.IntegralTransforms;

namespace HumanClap.Tests.Audio;

/// <summary>
/// The audio loading path (issue 2 item 6): WAV bit depths, channel mixing, resampling to 48 kHz, the int16 round
/// trip, the MaxSeconds bound, MP3/OGG decoding and the errors for undecodable files. The WAV files are written by a
/// small writer of our own (<see cref="RawWav"/>) rather than by <see cref="AudioWriter"/>, so a bug shared by the
/// library's writer and reader cannot hide; expected values come from the formulas, not from the loader.
/// </summary>
public class AudioLoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("humanclap-audio-").FullName;
    public void Dispose() => Directory.Delete(_dir, true);

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", "audio", name);
    private string TempPath(string name) => Path.Combine(_dir, name);

    private static double Sine(long i, double hz, int rate, double amplitude = 0.5) =>
        amplitude * Math.Sin(2 * Math.PI * hz * i / rate);

    // ---------------------------------------------------------------- bit depths

    [Theory]
    [InlineData(RawWav.Format.Pcm16, 16)]
    [InlineData(RawWav.Format.Pcm24, 24)]
    [InlineData(RawWav.Format.Float32, 32)]
    public void EachWavBitDepthLoadsTheSineWithinItsQuantisation(RawWav.Format format, int bits)
    {
        const int rate = 48_000, n = 4_800;
        var path = TempPath($"sine_{bits}.wav");
        RawWav.Write(path, rate, 1, format, n, (i, _) => Sine(i, 1_000, rate, 0.9));

        var loaded = AudioLoader.Load(path);

        Assert.Equal(n, loaded.Length);
        // One step of a signed b-bit integer format on [-1, 1) is 2^-(b-1); rounding to the nearest step is off by at
        // most half a step. Float32 keeps 24 significant bits: relative error 2^-24 of |x| <= 0.9.
        double tolerance = format == RawWav.Format.Float32 ? Math.Pow(2, -24) : Math.Pow(2, -(bits - 1)) / 2 + 1e-9;
        double maxErr = Enumerable.Range(0, n).Max(i => Math.Abs(loaded[i] - Sine(i, 1_000, rate, 0.9)));
        Assert.True(maxErr <= tolerance, $"{format}: max error {maxErr:E3} > {tolerance:E3}");
        // The error must also not be much smaller than the quantisation of the format below it: a 24-bit file read at
        // 16-bit precision would pass the 16-bit bound, so check it reaches 24-bit accuracy.
        if (bits > 16)
            Assert.True(maxErr < Math.Pow(2, -16) / 100, $"{format} is not read at full precision ({maxErr:E3})");
    }

    [Fact]
    public void TheSameSineInAllThreeFormatsLoadsToTheSameSamples()
    {
        const int rate = 48_000, n = 2_000;
        var loaded = new[] { RawWav.Format.Pcm16, RawWav.Format.Pcm24, RawWav.Format.Float32 }.Select(f =>
        {
            var path = TempPath($"same_{f}.wav");
            RawWav.Write(path, rate, 1, f, n, (i, _) => Sine(i, 440, rate));
            return AudioLoader.Load(path);
        }).ToArray();
        double halfStep16 = Math.Pow(2, -16), halfStep24 = Math.Pow(2, -24);
        for (int i = 0; i < n; i++)
        {
            Assert.InRange(loaded[0][i] - loaded[2][i], -halfStep16 - 1e-7, halfStep16 + 1e-7);
            Assert.InRange(loaded[1][i] - loaded[2][i], -halfStep24 - 1e-7, halfStep24 + 1e-7);
        }
    }

    [Fact]
    public void PcmFullScaleMapsToMinusOneAndJustBelowOne()
    {
        // Independent of any sine: the extreme codes. -32768 -> -1 exactly; 32767 -> 32767/32768.
        var path = TempPath("extremes.wav");
        RawWav.Write(path, 48_000, 1, RawWav.Format.Pcm16, 3, (i, _) => i switch { 0 => -1.0, 1 => 0.0, _ => 1.0 });
        var loaded = AudioLoader.Load(path);
        Assert.Equal(-1f, loaded[0]);
        Assert.Equal(0f, loaded[1]);
        Assert.Equal((float)(32767 / 32768.0), loaded[2]);
    }

    // ---------------------------------------------------------------- channels

    [Fact]
    public void StereoWithSilentRightChannelLoadsAsHalfTheLeft()
    {
        const int rate = 48_000, n = 4_800;
        var path = TempPath("left_only.wav");
        RawWav.Write(path, rate, 2, RawWav.Format.Float32, n, (i, ch) => ch == 0 ? Sine(i, 440, rate, 0.8) : 0);

        var mono = AudioLoader.Load(path);

        Assert.Equal(n, mono.Length);
        for (int i = 0; i < n; i++) Assert.Equal(0.5 * (float)Sine(i, 440, rate, 0.8), mono[i], 1e-6);
        Assert.InRange(mono.Max(), 0.39f, 0.4f + 1e-6f);
    }

    [Fact]
    public void StereoInAntiPhaseCancelsToSilence()
    {
        const int rate = 48_000, n = 4_800;
        var path = TempPath("anti_phase.wav");
        RawWav.Write(path, rate, 2, RawWav.Format.Pcm16, n, (i, ch) => (ch == 0 ? 1 : -1) * Sine(i, 300, rate, 0.7));

        var mono = AudioLoader.Load(path);

        Assert.Equal(n, mono.Length);
        // Rounding +x and -x to int16 is symmetric except at -32768 (never reached at 0.7): the mean is exactly 0.
        Assert.All(mono, s => Assert.True(Math.Abs(s) <= 1e-7, $"sample {s} is not silence"));
    }

    [Fact]
    public void FourChannelsAreAveraged()
    {
        const int rate = 48_000, n = 100;
        var path = TempPath("quad.wav");
        double[] levels = [0.8, 0.4, -0.2, 0.0];
        RawWav.Write(path, rate, 4, RawWav.Format.Float32, n, (_, ch) => levels[ch]);
        var mono = AudioLoader.Load(path);
        Assert.Equal(n, mono.Length);
        Assert.All(mono, s => Assert.Equal((0.8 + 0.4 - 0.2) / 4, s, 1e-6));
    }

    // ---------------------------------------------------------------- resampling

    [Theory]
    [InlineData(16_000, 1_000.0, ResamplerKind.WdlSinc)]
    [InlineData(16_000, 5_000.0, ResamplerKind.WdlSinc)]
    [InlineData(44_100, 440.0, ResamplerKind.WdlSinc)]
    [InlineData(44_100, 12_000.0, ResamplerKind.WdlSinc)]
    [InlineData(22_050, 3_000.0, ResamplerKind.WdlSinc)]
    [InlineData(16_000, 1_000.0, ResamplerKind.Polyphase)]
    [InlineData(16_000, 5_000.0, ResamplerKind.Polyphase)]
    [InlineData(44_100, 440.0, ResamplerKind.Polyphase)]
    [InlineData(44_100, 12_000.0, ResamplerKind.Polyphase)]
    [InlineData(22_050, 3_000.0, ResamplerKind.Polyphase)]
    public void ResamplingTo48kKeepsLengthFrequencyAndAmplitude(int rate, double hz, ResamplerKind resampler)
    {
        const double seconds = 3.0, amplitude = 0.5;
        int n = (int)(seconds * rate);
        var path = TempPath($"sine_{rate}_{hz}.wav");
        RawWav.Write(path, rate, 1, RawWav.Format.Float32, n, (i, _) => Sine(i, hz, rate, amplitude));

        var y = AudioLoader.Load(path, new AudioLoadOptions { Resampler = resampler });

        Assert.InRange(y.Length, 144_000 - 4, 144_000 + 4); // round(3 s x 48 000)
        // One second from the middle (away from the filter's start-up and tail): 1 Hz FFT bins.
        var mid = y.AsSpan(48_000, 48_000).ToArray();
        Assert.Equal(hz, DominantFrequency(mid, 48_000), 0);
        double rmsAmplitude = Math.Sqrt(mid.Average(s => (double)s * s)) * Math.Sqrt(2);
        Assert.InRange(rmsAmplitude, amplitude * 0.985, amplitude * 1.015);
        // Sample-by-sample: the resampled signal is the same sine, up to the resampler's (small) delay.
        double delay = BestDelay(mid, 48_000, hz, amplitude);
        Assert.InRange(Math.Abs(delay), 0, 64);
    }

    [Fact]
    public void A48kFileIsReturnedUnchanged()
    {
        var path = TempPath("exact.wav");
        var values = Enumerable.Range(0, 999).Select(i => (float)Sine(i, 2_345, 48_000, 0.77)).ToArray();
        RawWav.Write(path, 48_000, 1, RawWav.Format.Float32, values.Length, (i, _) => values[i]);
        Assert.Equal(values, AudioLoader.Load(path));
    }

    // ---------------------------------------------------------------- int16 round trip

    [Fact]
    public void Int16RoundTripFollowsLaionsRule()
    {
        // LAION: x = clip(x, -1, 1); int16(x * 32767) (truncates toward zero); / 32767.
        float[] input = [0.5f, -0.5f, 1.5f, -2f, 0f, 0.25f, 0.1f, -0.1f, 1e-5f, -4e-5f, 1f, -1f, 0.99999f];
        double[] expected =
        [
            16383 / 32767.0,   //  0.5 x 32767 = 16383.5 -> 16383
            -16383 / 32767.0,  // -16383.5 -> -16383 (toward zero, not floor)
            1.0,               //  1.5 clipped to 1 -> 32767
            -1.0,              // -2 clipped to -1 -> -32767 (not -32768)
            0.0,
            8191 / 32767.0,    //  0.25 x 32767 = 8191.75 -> 8191
            3276 / 32767.0,    //  0.1 x 32767 = 3276.7 -> 3276
            -3276 / 32767.0,
            0.0,               //  0.32767 -> 0
            -1 / 32767.0,      // -1.31068 -> -1
            1.0,
            -1.0,
            32766 / 32767.0,   //  0.99999 x 32767 = 32766.67 -> 32766
        ];
        var path = TempPath("quantise.wav");
        RawWav.Write(path, 48_000, 1, RawWav.Format.Float32, input.Length, (i, _) => input[i]);

        var rounded = AudioLoader.Load(path, new AudioLoadOptions { QuantizeToInt16 = true });
        var plain = AudioLoader.Load(path);

        for (int i = 0; i < input.Length; i++) Assert.Equal((float)expected[i], rounded[i]);
        Assert.Equal(input, plain); // off by default: values (even out of range) pass through untouched

        var direct = input.ToArray();
        AudioLoader.QuantizeToInt16InPlace(direct);
        Assert.Equal(rounded, direct);
    }

    // ---------------------------------------------------------------- MaxSeconds and memory

    [Fact]
    public void MaxSecondsReturnsTheFirstSecondsAndNeverDecodesTheRest()
    {
        const int rate = 48_000;
        var path = TempPath("sixty.wav");
        // 60 s whose samples after 20 s are NaN: reading them would raise the NaN error, so loading with a
        // 10 s limit succeeds only if the rest of the file is never decoded.
        RawWav.Write(path, rate, 1, RawWav.Format.Float32, 60L * rate,
            (i, _) => i >= 20L * rate ? double.NaN : Sine(i, 440, rate));

        var y = AudioLoader.Load(path, new AudioLoadOptions { MaxSeconds = 10 });

        Assert.Equal(10 * rate, y.Length);
        for (int i = 0; i < y.Length; i += 997) Assert.Equal((float)Sine(i, 440, rate), y[i]);
        var e = Assert.Throws<AudioLoadException>(() => AudioLoader.Load(path)); // the unbounded load does see them
        Assert.Contains("NaN", e.Message);
    }

    [Fact]
    public void MaxSecondsWithResamplingGivesTenSecondsAt48k()
    {
        const int rate = 44_100;
        var path = TempPath("sixty_44k.wav");
        RawWav.Write(path, rate, 2, RawWav.Format.Pcm16, 60L * rate,
            (i, ch) => i >= 20L * rate ? 0 : Sine(i, 440, rate));
        var y = AudioLoader.Load(path, new AudioLoadOptions { MaxSeconds = 10 });
        Assert.InRange(y.Length, 480_000 - 4, 480_000 + 4);
        Assert.Equal(440, DominantFrequency(y.AsSpan(240_000, 48_000).ToArray(), 48_000), 0);
    }

    [Fact]
    public void LongFileWithMaxSecondsKeepsAllocationsBounded()
    {
        const int rate = 16_000;
        var path = TempPath("ten_minutes.wav");
        RawWav.Write(path, rate, 1, RawWav.Format.Pcm16, 600L * rate, (i, _) => Sine(i, 220, rate, 0.3));
        var warmUp = TempPath("warm.wav");
        RawWav.Write(warmUp, rate, 1, RawWav.Format.Pcm16, rate, (i, _) => Sine(i, 220, rate, 0.3));
        AudioLoader.Load(warmUp, new AudioLoadOptions { MaxSeconds = 60 }); // JIT and static initialisation

        long before = GC.GetAllocatedBytesForCurrentThread();
        var y = AudioLoader.Load(path, new AudioLoadOptions { MaxSeconds = 60 });
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.InRange(y.Length, 60 * 48_000 - 4, 60 * 48_000 + 4);
        long outputBytes = 60L * 48_000 * sizeof(float); // 11.5 MB; the whole file decoded would be 10x that
        Assert.True(allocated < 3 * outputBytes,
            $"loading 60 s of a 10-minute file allocated {allocated / 1e6:F1} MB (output {outputBytes / 1e6:F1} MB)");
    }

    // ---------------------------------------------------------------- MP3 and OGG Vorbis

    [Theory]
    [InlineData("sine440_mono.mp3")]
    [InlineData("sine440_stereo.mp3")]
    [InlineData("sine440_mono.ogg")]
    [InlineData("sine440_stereo.ogg")]
    public void CompressedFixturesDecodeToOneSecondOf440HzAt48k(string name)
    {
        var y = AudioLoader.Load(Fixture(name));

        // OGG stores the exact length; MP3 keeps LAME's encoder delay and padding (NLayer does not trim them).
        if (name.EndsWith(".ogg")) Assert.InRange(y.Length, 48_000 - 8, 48_000 + 8);
        else Assert.InRange(y.Length, 48_000, 48_000 * 11 / 10);
        double f = DominantFrequency(y.AsSpan(0, 32_768).ToArray(), 48_000);
        Assert.InRange(f, 440 * 0.98, 440 * 1.02);
    }

    [Theory]
    [InlineData("mp3")]
    [InlineData("ogg")]
    public void CompressedStereoIsMixedToMono(string ext)
    {
        // The stereo fixture has the same sine on the left and silence on the right: the average has half the
        // amplitude of the mono fixture (lossy coding: 10 % tolerance).
        double mono = MidRms(AudioLoader.Load(Fixture($"sine440_mono.{ext}")));
        double stereo = MidRms(AudioLoader.Load(Fixture($"sine440_stereo.{ext}")));
        Assert.InRange(mono, 0.5 / Math.Sqrt(2) * 0.9, 0.5 / Math.Sqrt(2) * 1.1);
        Assert.InRange(stereo / mono, 0.45, 0.55);
    }

    [Theory]
    [InlineData("garbage.mp3")]
    [InlineData("garbage.ogg")]
    [InlineData("garbage.wav")]
    public void GarbageWithAKnownExtensionGivesAnAudioLoadExceptionNamingTheFile(string name)
    {
        var path = TempPath(name);
        var bytes = new byte[20_000];
        new Random(1234).NextBytes(bytes);
        bytes[0] = (byte)'x'; // no magic number of any format
        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<AudioLoadException>(() => AudioLoader.Load(path));
        Assert.Equal(path, e.Path);
        Assert.Contains(name, e.Message);
    }

    [Fact]
    public void TextNamedMp3GivesAnAudioLoadExceptionNamingTheFile()
    {
        var path = TempPath("song.mp3");
        File.WriteAllText(path, string.Concat(Enumerable.Repeat("<html>not found</html>\n", 200)));
        var e = Assert.Throws<AudioLoadException>(() => AudioLoader.Load(path));
        Assert.Contains("song.mp3", e.Message);
        Assert.Contains("MP3", e.Message);
    }

    [Theory]
    [InlineData(".mp3", new byte[] { 0xFF, 0xFB })]       // MPEG-1 layer III frame sync
    [InlineData(".mp3", new byte[] { 0x49, 0x44, 0x33 })] // "ID3"
    [InlineData(".ogg", new byte[] { 0x4F, 0x67, 0x67, 0x53 })] // "OggS"
    [InlineData(".wav", new byte[] { 0x52, 0x49, 0x46, 0x46 })] // "RIFF"
    public void RandomBytesBehindAValidMagicNeverEscapeAsAnotherException(string ext, byte[] magic)
    {
        // The decoders see plausible headers followed by noise. Either outcome is acceptable: a clear
        // AudioLoadException, or (NLayer sometimes finds spurious frames) a finite waveform. Anything else would
        // crash a scoring batch, which only catches AudioLoadException.
        for (int seed = 0; seed < 25; seed++)
        {
            var path = TempPath($"fuzz{seed}{ext}");
            var bytes = new byte[3_000 + 97 * seed];
            new Random(seed).NextBytes(bytes);
            magic.CopyTo(bytes, 0);
            File.WriteAllBytes(path, bytes);
            try
            {
                var y = AudioLoader.Load(path);
                Assert.All(y, s => Assert.True(float.IsFinite(s)));
            }
            catch (AudioLoadException e)
            {
                Assert.Contains(Path.GetFileName(path), e.Message);
            }
        }
    }

    [Theory]
    [InlineData("sine440_mono.mp3")]
    [InlineData("sine440_mono.ogg")]
    public void TruncatedCompressedFileGivesAResultOrAnAudioLoadException(string name)
    {
        var path = TempPath("cut_" + name);
        var bytes = File.ReadAllBytes(Fixture(name));
        File.WriteAllBytes(path, bytes.AsSpan(0, bytes.Length / 2).ToArray());
        try
        {
            var y = AudioLoader.Load(path);
            Assert.InRange(y.Length, 1, 48_000 * 11 / 10);
            Assert.All(y, s => Assert.True(float.IsFinite(s)));
        }
        catch (AudioLoadException e)
        {
            Assert.Contains(Path.GetFileName(path), e.Message);
        }
    }

    [Fact]
    public void TextFileNamedFlacIsAnUnsupportedFormat()
    {
        var path = TempPath("notes.flac");
        File.WriteAllText(path, "this is not audio at all\n");

        var e = Assert.Throws<AudioLoadException>(() => AudioLoader.Load(path));

        Assert.Equal(path, e.Path);
        Assert.Contains("notes.flac", e.Message);
        Assert.Contains("unsupported format", e.Message);
    }

    [Fact]
    public void RealWavRenamedFlacStillLoadsFromItsContent()
    {
        var path = TempPath("actually_wav.flac");
        RawWav.Write(path, 48_000, 1, RawWav.Format.Pcm16, 480, (i, _) => Sine(i, 440, 48_000));
        Assert.Equal(480, AudioLoader.Load(path).Length);
    }

    // ---------------------------------------------------------------- helpers

    /// <summary>Frequency (Hz) of the largest FFT magnitude bin (Hann window) of <paramref name="x"/>.</summary>
    private static double DominantFrequency(float[] x, int rate)
    {
        var spectrum = new Complex[x.Length];
        for (int i = 0; i < x.Length; i++)
            spectrum[i] = x[i] * (0.5 - 0.5 * Math.Cos(2 * Math.PI * i / x.Length));
        Fourier.Forward(spectrum, FourierOptions.Matlab);
        int best = 1;
        for (int k = 1; k <= x.Length / 2; k++)
            if (spectrum[k].Magnitude > spectrum[best].Magnitude) best = k;
        return best * (double)rate / x.Length;
    }

    /// <summary>The integer delay (in samples, |d| <= 64) at which the 48 kHz sine best matches
    /// <paramref name="segment"/> taken from sample <paramref name="offset"/>; the residual at that delay must be
    /// small.</summary>
    private static double BestDelay(float[] segment, int offset, double hz, double amplitude)
    {
        int bestD = 0;
        double bestErr = double.MaxValue;
        for (int d = -64; d <= 64; d++)
        {
            double err = 0;
            for (int i = 0; i < segment.Length; i += 7)
                err = Math.Max(err, Math.Abs(segment[i] - Sine(offset + i - d, hz, 48_000, amplitude)));
            if (err < bestErr) (bestErr, bestD) = (err, d);
        }
        // A fractional delay leaves up to 2*pi*f*A*0.5/48000 (half a sample of slope); allow 2 % for passband ripple.
        double slack = Math.PI * hz * amplitude / 48_000 + 0.02 * amplitude;
        Assert.True(bestErr <= slack, $"resampled sine differs from the ideal one by {bestErr:E3} (> {slack:E3})");
        return bestD;
    }

    /// <summary>RMS of the middle half (skips codec start-up and tail).</summary>
    private static double MidRms(float[] y)
    {
        var mid = y.AsSpan(y.Length / 4, y.Length / 2).ToArray();
        return Math.Sqrt(mid.Average(s => (double)s * s));
    }
}

/// <summary>A minimal WAV writer independent of NAudio: canonical RIFF header, PCM 16/24-bit or IEEE float 32,
/// samples streamed from a generator (so a 10-minute file needs no 10-minute array).</summary>
public static class RawWav
{
    public enum Format { Pcm16, Pcm24, Float32 }

    /// <param name="sample">(frame index, channel) -> value; integer formats round x * 2^(b-1) to the nearest code
    /// and clamp to the code range, the usual inverse of reading code / 2^(b-1).</param>
    public static void Write(
        string path, int rate, int channels, Format format, long frames, Func<long, int, double> sample)
    {
        int bytesPerSample = format switch { Format.Pcm16 => 2, Format.Pcm24 => 3, _ => 4 };
        long dataBytes = frames * channels * bytesPerSample;
        bool isFloat = format == Format.Float32;
        using var fs = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        using var w = new BinaryWriter(fs, Encoding.ASCII);
        int fmtSize = isFloat ? 18 : 16;
        w.Write("RIFF"u8);
        w.Write((uint)(4 + (8 + fmtSize) + (8 + dataBytes)));
        w.Write("WAVE"u8);
        w.Write("fmt "u8);
        w.Write(fmtSize);
        w.Write((short)(isFloat ? 3 : 1));
        w.Write((short)channels);
        w.Write(rate);
        w.Write(rate * channels * bytesPerSample);
        w.Write((short)(channels * bytesPerSample));
        w.Write((short)(bytesPerSample * 8));
        if (isFloat) w.Write((short)0);
        w.Write("data"u8);
        w.Write((uint)dataBytes);
        for (long i = 0; i < frames; i++)
        {
            for (int c = 0; c < channels; c++)
            {
                double x = sample(i, c);
                switch (format)
                {
                    case Format.Pcm16:
                        w.Write((short)Math.Clamp(Math.Round(x * 32768), short.MinValue, short.MaxValue));
                        break;
                    case Format.Pcm24:
                        int v = (int)Math.Clamp(Math.Round(x * 8388608), -8388608, 8388607);
                        w.Write((byte)(v & 0xFF)); w.Write((byte)((v >> 8) & 0xFF)); w.Write((byte)((v >> 16) & 0xFF));
                        break;
                    default:
                        w.Write((float)x);
                        break;
                }
            }
        }
    }
}
