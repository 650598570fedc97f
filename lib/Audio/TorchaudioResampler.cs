using static TorchSharp.torch;

namespace HumanClap.Audio;

/// <summary>
/// torchaudio's band-limited sinc resampling (<c>torchaudio.transforms.Resample</c> with its defaults:
/// "sinc_interp_hann", lowpass_filter_width 6, rolloff 0.99), which msclap applies when reading audio. The rates
/// are reduced by their gcd; the kernel (new × (2·width + orig) taps) is computed in float64 except for the phase
/// offsets −j/new, which torchaudio forms in float32, and is then rounded to float32; the waveform is zero-padded
/// by width on the left and width + orig on the right, convolved with stride orig in float32, and cut to
/// ceil(new · n / orig) samples.
/// </summary>
internal static class TorchaudioResampler
{
    public const int LowpassFilterWidth = 6;
    public const double Rolloff = 0.99;

    /// <summary>Kernels up to this many taps are kept between calls (4 MB): every common pair of rates
    /// (44.1 kHz → 48 kHz: 160 × 161), while an odd rate (44 101 Hz: 48 000 phases) is not pinned.</summary>
    private const int CachedTapsLimit = 1 << 20;

    /// <summary>Kernels by reduced (orig, new): building one evaluates a windowed sinc per tap, as long as
    /// filtering a short clip, and every clip of a set usually shares its rate.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(int Orig, int New),
        (float[] Kernel, int Width)> Kernels = new();

    /// <param name="waveform">(channels, samples) or (samples) float32; channels are resampled independently.</param>
    public static Tensor Resample(Tensor waveform, int origRate, int newRate)
    {
        if (origRate <= 0 || newRate <= 0)
            throw new ArgumentOutOfRangeException(nameof(origRate),
                $"sample rates must be positive ({origRate} -> {newRate})");
        if (origRate == newRate) return waveform.alias();
        int gcd = Gcd(origRate, newRate), orig = origRate / gcd, @new = newRate / gcd;
        using var scope = NewDisposeScope();
        var (kernel, width) = CachedKernel(orig, @new);
        var flat = waveform.reshape(-1, waveform.shape[^1]).to(ScalarType.Float32);
        long length = flat.shape[1];
        var padded = nn.functional.pad(flat, new long[] { width, width + orig });
        var weights = tensor(kernel, new long[] { @new, 1, kernel.Length / @new }).to(flat.device);
        var conv = nn.functional.conv1d(padded.unsqueeze(1), weights, stride: orig);
        long target = (@new * length + orig - 1) / orig;
        var output = conv.transpose(1, 2).reshape(flat.shape[0], -1)[.., ..(int)target];
        var shape = waveform.shape.ToArray();
        shape[^1] = target;
        return output.reshape(shape).MoveToOuterDisposeScope();
    }

    private static (float[] Kernel, int Width) CachedKernel(int orig, int @new)
    {
        if (Kernels.TryGetValue((orig, @new), out var cached)) return cached;
        var built = Kernel(orig, @new);
        return built.Kernel.Length <= CachedTapsLimit ? Kernels.GetOrAdd((orig, @new), built) : built;
    }

    /// <summary>The float32 kernel, row-major (new, 2·width + orig), and width, for gcd-reduced rates.</summary>
    internal static (float[] Kernel, int Width) Kernel(int orig, int @new)
    {
        double baseFreq = Math.Min(orig, @new) * Rolloff;
        int width = (int)Math.Ceiling(LowpassFilterWidth * orig / baseFreq);
        int taps = 2 * width + orig;
        double scale = baseFreq / orig;
        var kernel = new float[@new * taps];
        for (int j = 0; j < @new; j++)
        {
            // torchaudio: arange(0, -new, -1)[:, None, None] / new with dtype None → float32 offsets.
            double phase = (float)-j / (float)@new;
            for (int i = 0; i < taps; i++)
            {
                double t = (phase + (double)(i - width) / orig) * baseFreq;
                t = Math.Clamp(t, -LowpassFilterWidth, LowpassFilterWidth);
                double window = Math.Cos(t * Math.PI / LowpassFilterWidth / 2);
                window *= window;
                t *= Math.PI;
                double sinc = t == 0 ? 1.0 : Math.Sin(t) / t;
                kernel[j * taps + i] = (float)(sinc * (window * scale));
            }
        }
        return (kernel, width);
    }

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);
}
