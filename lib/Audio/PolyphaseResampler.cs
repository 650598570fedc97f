using System.Collections.Concurrent;

namespace HumanClap.Audio;

/// <summary>
/// Rational-rate resampling of a whole clip: the rates are reduced by their gcd to orig → new and
/// output[q·new + j] = Σᵢ x[q·orig + i − width] · h(j·orig/new + width − i) (torch's strided conv1d with one input
/// channel, computed over the filter's support only: <see cref="PolyphaseFilterBank"/>). Zero-padded at both ends,
/// cut to ceil(new · n / orig) samples, centred (no delay).
/// <para>One place for polyphase resampling: the filter is a parameter (<see cref="FilterShape"/>), so a
/// different design (e.g. torchaudio's Hann² sinc) is another shape for the same <see cref="Resample"/>.</para>
/// </summary>
internal static class PolyphaseResampler
{
    /// <summary>The continuous filter h(t), t in input samples; zero outside [−halfWidth, halfWidth].</summary>
    public delegate double FilterShape(double t);

    public const int WdlSincHalfWidth = 32;

    /// <summary>Outputs per parallel work item: a few milliseconds of work on one core.</summary>
    private const int BlockSamples = 1 << 15;

    /// <summary>At most this many phases are kept between calls (a 64-tap row each, 256 bytes): enough for every
    /// common rate (44.1 kHz → 48 kHz has 160), while a clip at an odd rate (44 101 Hz: 48 000 phases) does not pin
    /// 12 MB.</summary>
    private const int CachedPhasesLimit = 4096;

    /// <summary>WDL sinc banks by reduced (orig, new): building one evaluates ~10⁴ windowed sincs (milliseconds),
    /// as long as filtering a 10 s clip.</summary>
    private static readonly ConcurrentDictionary<(int Orig, int New), PolyphaseFilterBank> WdlSincBanks = new();

    /// <summary>
    /// The windowed-sinc low-pass of NAudio's WDL resampler in the sinc mode <see cref="AudioLoader"/> uses by
    /// default: 64 input-sample taps under a 4-term Blackman-Harris window, cut-off at the input Nyquist when
    /// upsampling and at 1/1.03 of the output Nyquist when downsampling (WDL's guard band). Same response, but the
    /// taps are computed exactly at each phase instead of interpolated from a 32× table.
    /// </summary>
    public static float[] ResampleWdlSinc(float[] samples, int origRate, int newRate) =>
        ResampleWdlSinc(samples.AsSpan(), origRate, newRate);

    /// <inheritdoc cref="ResampleWdlSinc(float[], int, int)"/>
    public static float[] ResampleWdlSinc(ReadOnlySpan<float> samples, int origRate, int newRate)
    {
        if (!CheckRates(samples, origRate, newRate, out var copy)) return copy;
        var (orig, @new) = Reduce(origRate, newRate);
        var bank = @new <= CachedPhasesLimit
            ? WdlSincBanks.GetOrAdd((orig, @new), key => WdlSincBank(key.Orig, key.New))
            : WdlSincBank(orig, @new);
        return Apply(samples, bank, WdlSincHalfWidth);
    }

    private static PolyphaseFilterBank WdlSincBank(int orig, int @new) =>
        PolyphaseFilterBank.Build(orig, @new, WdlSincHalfWidth, WdlSinc(orig, @new));

    /// <summary>h(t) of <see cref="ResampleWdlSinc"/> for these rates, with unit gain at DC.</summary>
    public static FilterShape WdlSinc(int origRate, int newRate)
    {
        double cutoff = newRate >= origRate ? 1.0 : newRate / (double)origRate / 1.03; // in units of input Nyquist
        return t =>
        {
            if (Math.Abs(t) >= WdlSincHalfWidth) return 0;
            double w = 2 * Math.PI * (t + WdlSincHalfWidth) / (2 * WdlSincHalfWidth);
            double window = 0.35875 - 0.48829 * Math.Cos(w) + 0.14128 * Math.Cos(2 * w) - 0.01168 * Math.Cos(3 * w);
            double x = Math.PI * cutoff * t;
            return cutoff * (x == 0 ? 1.0 : Math.Sin(x) / x) * window;
        };
    }

    /// <summary>Resamples mono samples with the filter h of half-width <paramref name="halfWidth"/> input
    /// samples.</summary>
    public static float[] Resample(ReadOnlySpan<float> samples, int origRate, int newRate, int halfWidth,
        FilterShape h)
    {
        if (!CheckRates(samples, origRate, newRate, out var copy)) return copy;
        var (orig, @new) = Reduce(origRate, newRate);
        return Apply(samples, PolyphaseFilterBank.Build(orig, @new, halfWidth, h), halfWidth);
    }

    /// <summary>False (with a copy of the samples) when the rates are equal; throws on a non-positive rate.</summary>
    private static bool CheckRates(ReadOnlySpan<float> samples, int origRate, int newRate, out float[] copy)
    {
        if (origRate <= 0 || newRate <= 0)
            throw new ArgumentOutOfRangeException(nameof(origRate),
                $"sample rates must be positive ({origRate} -> {newRate})");
        copy = origRate == newRate ? samples.ToArray() : [];
        return origRate != newRate;
    }

    /// <summary>Pads the clip with <paramref name="width"/> zeros in front (and zeros behind, as far as the last
    /// output reads) and filters it in parallel blocks of output samples.</summary>
    internal static float[] Apply(ReadOnlySpan<float> samples, PolyphaseFilterBank bank, int width,
        bool vectorized = true)
    {
        long target = ((long)bank.New * samples.Length + bank.Orig - 1) / bank.Orig;
        var output = new float[checked((int)target)];
        var padded = new float[checked((int)Math.Max(samples.Length + width, bank.InputSpan(target)))];
        samples.CopyTo(padded.AsSpan(width));
        // Blocks of whole frames (one output of every phase each), about BlockSamples outputs.
        long frames = (target + bank.New - 1) / bank.New, framesPerBlock = Math.Max(1, BlockSamples / bank.New);
        int blocks = (int)((frames + framesPerBlock - 1) / framesPerBlock);
        Parallel.For(0, blocks, block => bank.Filter(padded, output, block * framesPerBlock,
            Math.Min(frames, (block + 1) * framesPerBlock), vectorized));
        return output;
    }

    private static (int Orig, int New) Reduce(int origRate, int newRate)
    {
        int gcd = Gcd(origRate, newRate);
        return (origRate / gcd, newRate / gcd);
    }

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);
}
