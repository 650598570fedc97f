using HumanClap.Audio;
using NAudio.Wave;

namespace HumanClap.Tests.Audio;

/// <summary>
/// <see cref="WdlSincResampler"/> against NAudio's own WdlResampler (through
/// <see cref="SincResamplingSampleProvider"/>, the way AudioLoader used it), bit for bit: every reproduce number
/// depends on these floats. Both are driven by the same call pattern, since WDL's output depends on it (positions
/// restart from a carried fraction at every read, and a short read flushes).
/// <para>What these catch: any change of position, phase, filter coefficient, blend, flush or block bookkeeping
/// changes nearly every output. What they can hardly catch: a different order of the double adds. The 64 products'
/// sum is rounded to float at the end, 29 bits coarser than the double sums, so a reordering shows only where the
/// sum cancels by ~2^29 (measured: swapping two taps in every four changed no output of these signals, of
/// noise spanning 2^-40..1 or of alternating +-1 in the stop band). The port keeps WDL's order by construction (tap
/// order per output, one output per lane), not because a test proves it.</para>
/// </summary>
public sealed class WdlSincResamplerTests
{
    private const int OutputRate = 48_000;

    public static TheoryData<int, string> RatesAndSignals()
    {
        var data = new TheoryData<int, string>();
        foreach (int rate in new[] { 8_000, 11_025, 16_000, 22_050, 32_000, 44_100, 88_200, 96_000 })
            foreach (var signal in new[] { "noise", "sine", "silence", "impulse", "wide" })
                data.Add(rate, signal);
        return data;
    }

    /// <summary>Short clips, clips whose output ends around the 65536-sample block boundary, and 10 s, read the way
    /// <see cref="AudioLoader"/> reads (blocks of 65536 into a buffer pre-sized from the header).</summary>
    [Theory]
    [MemberData(nameof(RatesAndSignals))]
    public void MatchesNAudioBitForBitAsTheLoaderReads(int rate, string signal) =>
        MatchesAsTheLoaderReads(rate, signal);

    /// <summary>The scalar kernel, which machines without AVX run, on a subset.</summary>
    [Theory]
    [InlineData(16_000, "wide")]
    [InlineData(44_100, "sine")]
    [InlineData(96_000, "wide")]
    public void ScalarKernelMatchesNAudioBitForBit(int rate, string signal) =>
        MatchesAsTheLoaderReads(rate, signal, vectorized: false);

    private static void MatchesAsTheLoaderReads(int rate, string signal, bool vectorized = true)
    {
        foreach (int length in Lengths(rate))
        {
            var x = Signal(signal, length, rate);
            long expected = AudioLoader.ExpectedOutput(length, rate, OutputRate);
            var reference = Loaded(new SincResamplingSampleProvider(new ArraySource(x, rate), OutputRate), expected);
            var fast = Loaded(new WdlSincResampler(new ArraySource(x, rate), OutputRate, vectorized), expected);
            AssertBitIdentical(reference, fast, $"{signal} {rate} Hz, {length} samples");
        }
    }

    /// <summary>A source that returns at most 1000 samples per read makes every read a WDL flush; requests of odd
    /// sizes move the block boundaries. Both must still match.</summary>
    [Theory]
    [InlineData(16_000, 1_000, 65_536)]
    [InlineData(44_100, 1_000, 65_536)]
    [InlineData(96_000, 1_000, 65_536)]
    [InlineData(11_025, int.MaxValue, 4_097)]
    [InlineData(44_100, int.MaxValue, 1)]
    [InlineData(88_200, 777, 30_001)]
    public void MatchesNAudioBitForBitWithShortReadsAndOddRequests(int rate, int maxRead, int request)
    {
        var x = Signal("wide", request == 1 ? rate / 2 : 10 * rate, rate);
        var reference = ReadInRequests(
            new SincResamplingSampleProvider(new ArraySource(x, rate, maxRead), OutputRate), request);
        var fast = ReadInRequests(new WdlSincResampler(new ArraySource(x, rate, maxRead), OutputRate), request);
        AssertBitIdentical(reference, fast, $"{rate} Hz, reads <= {maxRead}, requests of {request}");
    }

    /// <summary>End to end: <see cref="AudioLoader.Load"/> (default WDL sinc) gives what NAudio's own resampler gives
    /// on the same decoded WAV, read the same way.</summary>
    [Theory]
    [InlineData(22_050)]
    [InlineData(96_000)]
    public void TheLoaderGivesNAudiosSamples(int rate)
    {
        var path = Path.Combine(Path.GetTempPath(), $"humanclap-wdl-{Guid.NewGuid():N}.wav");
        try
        {
            AudioWriter.WriteWav16(path, Signal("noise", 3 * rate + 17, rate), rate);
            var loaded = AudioLoader.Load(path);
            using var reader = new WaveFileReader(path);
            var naudio = new SincResamplingSampleProvider(reader.ToSampleProvider(), OutputRate);
            var reference = Loaded(naudio, AudioLoader.ExpectedOutput(reader.SampleCount, rate, OutputRate));
            AssertBitIdentical(reference, loaded, $"AudioLoader at {rate} Hz");
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void RejectsMoreThanOneChannel()
    {
        var stereo = new ArraySource([0f, 0f], 16_000, channels: 2);
        Assert.Throws<ArgumentException>(() => new WdlSincResampler(stereo, OutputRate));
    }

    /// <summary>1, 7, 63, 64, 65 samples; inputs whose output is 65535, 65536, 65537 samples and 10 s.</summary>
    private static IEnumerable<int> Lengths(int rate)
    {
        int[] shortLengths = [1, 7, 63, 64, 65];
        var aroundBlock = new[] { 65_535, 65_536, 65_537 }.Select(n => (int)((long)n * rate / OutputRate));
        return shortLengths.Concat(aroundBlock).Append(10 * rate);
    }

    private static float[] Signal(string kind, int length, int rate)
    {
        var rng = new Random(length ^ rate);
        return kind switch
        {
            "noise" => Enumerable.Range(0, length).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray(),
            "sine" => Enumerable.Range(0, length).Select(i => (float)(0.5 * Math.Sin(2 * Math.PI * 440 * i / rate)))
                .ToArray(),
            "silence" => new float[length],
            "impulse" => Enumerable.Range(0, length).Select(i => i == length / 2 ? 1f : 0f).ToArray(),
            // Magnitudes from 1 down to float subnormals (2^-140), so that products round and underflow in every way.
            "wide" => Enumerable.Range(0, length)
                .Select(_ => (float)((rng.Next(2) * 2 - 1) * Math.Pow(2, -140 * rng.NextDouble()))).ToArray(),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    private static float[] Loaded(ISampleProvider provider, long expected)
    {
        var (buffer, count) = AudioLoader.ReadAll(provider, expected);
        return buffer[..count];
    }

    private static float[] ReadInRequests(ISampleProvider provider, int request)
    {
        var output = new List<float>();
        var block = new float[request];
        int read;
        while ((read = provider.Read(block)) > 0) output.AddRange(block.AsSpan(0, read));
        return output.ToArray();
    }

    private static void AssertBitIdentical(float[] expected, float[] actual, string what)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: {actual.Length} samples, NAudio {expected.Length}");
        for (int i = 0; i < expected.Length; i++)
        {
            int e = BitConverter.SingleToInt32Bits(expected[i]), a = BitConverter.SingleToInt32Bits(actual[i]);
            Assert.True(e == a, $"{what}: sample {i} is {actual[i]:R}, NAudio {expected[i]:R}");
        }
    }

    /// <summary>Serves <paramref name="samples"/> at <paramref name="rate"/>, at most <paramref name="maxRead"/>
    /// per read.</summary>
    private sealed class ArraySource(float[] samples, int rate, int maxRead = int.MaxValue, int channels = 1)
        : ISampleProvider
    {
        private int _position;
        public WaveFormat WaveFormat { get; } = WaveFormat.CreateIeeeFloatWaveFormat(rate, channels);

        public int Read(Span<float> buffer)
        {
            int n = Math.Min(Math.Min(buffer.Length, maxRead), samples.Length - _position);
            samples.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }
    }
}
