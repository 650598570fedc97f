using TorchSharp;
using static TorchSharp.torch;

namespace HumanClap.Audio;

/// <summary>
/// CLAP's audio front end, a port of Hugging Face's <c>ClapFeatureExtractor</c>: log-mel spectrograms
/// (STFT n_fft 1024, hop 480, periodic Hann, centred with reflect padding; power; 64 mel filters;
/// 10 log10(max(x, 1e-10))) of 10 s windows at 48 kHz. The STFT, mel and dB run in float64 with the spectrum
/// rounded through complex64 as the reference does, then cast to float32 (this is what keeps parity within 1e-5 dB
/// on quiet frames).
/// <para>
/// Randomness and determinism: long clips need random choices (rand_trunc crop start; fusion chunk starts). Each clip
/// gets its own <see cref="System.Random"/> seeded from (seed, clip length), so a clip's features depend only on its
/// samples and the seed, never on its batch or position in it; the same seed gives the same output. A null seed
/// means <see cref="DefaultSeed"/>. <c>is_longer</c> is a per-clip fact; the reference's habit of flagging a random
/// clip when none is long is deliberately not copied.
/// </para>
/// </summary>
public sealed class ClapFeatureExtractor
{
    /// <summary>Seed used when <see cref="Extract"/> gets none.</summary>
    public const int DefaultSeed = 0;

    // Clips per STFT call: the complex128 spectrum of one 10 s clip is ~8 MB (its framed input as much), so two clips
    // keep every tensor of a call under glibc's largest mmap threshold (32 MiB): the heap then reuses their memory
    // from call to call (Common.NativeHeap) instead of mapping and zeroing fresh pages. Each clip's features are
    // the same whatever the grouping.
    private const int ClipsPerStft = 2;
    private const double MelFloor = 1e-10;

    private readonly double[] _melBank; // row-major (bins, mels), float64
    private readonly int _usedBins;     // bins [0, _usedBins) hold every non-zero weight (the rest lie above fmax)

    /// <summary>The preprocessor settings in use.</summary>
    public FeatureExtractorConfig Config { get; }

    /// <summary>Number of channels per clip: 4 for fusion, 1 for rand_trunc.</summary>
    public int Channels => Config.Truncation == TruncationMode.Fusion ? 4 : 1;

    /// <summary>
    /// Creates an extractor; fusion uses the HTK bank without normalisation, rand_trunc the Slaney bank with Slaney
    /// norm.
    /// </summary>
    public ClapFeatureExtractor(FeatureExtractorConfig config)
    {
        Config = config;
        bool fusion = config.Truncation == TruncationMode.Fusion;
        var bank = MelFilterBank.Create(config.FrequencyBins, config.FeatureSize, config.FrequencyMin,
                                        config.FrequencyMax, config.SamplingRate,
                                        fusion ? MelScale.Htk : MelScale.Slaney, slaneyNorm: !fusion);
        _usedBins = UsedBins(bank);
        _melBank = new double[_usedBins * config.FeatureSize];
        Buffer.BlockCopy(bank, 0, _melBank, 0, _melBank.Length * sizeof(double));
    }

    private static int UsedBins(double[,] bank)
    {
        int bins = bank.GetLength(0);
        while (bins > 1 && Enumerable.Range(0, bank.GetLength(1)).All(m => bank[bins - 1, m] == 0)) bins--;
        return bins;
    }

    /// <summary>Reads <c>preprocessor_config.json</c> from a checkpoint folder.</summary>
    public static ClapFeatureExtractor FromPretrained(string checkpointDir) =>
        new(FeatureExtractorConfig.Load(Path.Combine(checkpointDir, "preprocessor_config.json")));

    /// <summary>
    /// Features for a batch of mono waveforms at <see cref="FeatureExtractorConfig.SamplingRate"/> (the extractor does
    /// not resample; use <see cref="AudioLoader"/>). Returns (B, C, frames, mel) float32 and is_longer (B, 1).
    /// </summary>
    /// <exception cref="ArgumentException">
    /// A waveform is null, empty or holds NaN/Inf; the message names its index.
    /// </exception>
    public AudioFeatures Extract(IReadOnlyList<float[]> waveforms, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(waveforms);
        if (waveforms.Count == 0) throw new ArgumentException("No waveforms to extract.", nameof(waveforms));
        for (int i = 0; i < waveforms.Count; i++) ValidateWave(waveforms[i], i);

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        int batch = waveforms.Count, maxSamples = Config.MaxSamples;
        var features = empty(batch, Channels, Config.ChunkFrames, Config.FeatureSize, dtype: ScalarType.Float32);
        var isLonger = new bool[batch];

        // Clips that reduce to one 10 s window share batched STFT calls; long fusion clips need their whole mel.
        var windowed = new List<(int Index, float[] Window)>();
        for (int i = 0; i < batch; i++)
        {
            var wave = waveforms[i];
            var rng = ClipRandom(seed ?? DefaultSeed, wave.Length);
            if (wave.Length <= maxSamples)
                windowed.Add((i, PadToWindow(wave)));
            else if (Config.Truncation == TruncationMode.RandTrunc)
            {
                int start = RandTruncStart(wave.Length, rng);
                windowed.Add((i, wave.AsSpan(start, maxSamples).ToArray()));
                isLonger[i] = true;
            }
            else
            {
                var (fused, longer) = FuseLongClip(wave, rng);
                features[i].copy_(fused);
                isLonger[i] = longer;
            }
            if (windowed.Count == ClipsPerStft || (i == batch - 1 && windowed.Count > 0))
            {
                WriteWindowed(windowed, features);
                windowed.Clear();
            }
        }

        var longerTensor = tensor(isLonger, new long[] { batch, 1 });
        return new AudioFeatures(features.MoveToOuterDisposeScope(), longerTensor.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// Fusion features (4, frames, mel) of one clip longer than the window with the three chunk start frames given
    /// instead of drawn: [whole-clip mel squeezed to the window, chunk at front, middle, back]. For reproducing a
    /// reference's random draw in tests; <see cref="Extract"/> is the normal entry point.
    /// </summary>
    public Tensor ExtractFusionLongClip(float[] wave, int frontStart, int middleStart, int backStart)
    {
        if (Config.Truncation != TruncationMode.Fusion)
            throw new InvalidOperationException("the extractor is not in fusion mode");
        ValidateWave(wave, 0);
        if (wave.Length <= Config.MaxSamples)
            throw new ArgumentException($"the clip is not longer than {Config.MaxSamples} samples", nameof(wave));
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var mel = WholeClipMel(wave);
        int last = (int)mel.shape[0] - Config.ChunkFrames;
        foreach (var (name, s) in
                 new[] { ("frontStart", frontStart), ("middleStart", middleStart), ("backStart", backStart) })
        {
            if (s < 0 || s > last)
                throw new ArgumentOutOfRangeException(name, $"chunk start must be in [0, {last}], got {s}");
        }
        return StackFusion(mel, frontStart, middleStart, backStart).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The first sample of the 10 s crop that rand_trunc mode takes from a clip of <paramref name="clipLength"/>
    /// samples (longer than the window) with this seed: uniform over all possible starts, as the reference's randint.
    /// </summary>
    public int RandTruncStart(int clipLength, int? seed = null)
    {
        if (clipLength <= Config.MaxSamples)
            throw new ArgumentOutOfRangeException(nameof(clipLength), "the clip fits the window; nothing is cropped");
        return RandTruncStart(clipLength, ClipRandom(seed ?? DefaultSeed, clipLength));
    }

    private int RandTruncStart(int clipLength, Random rng) => rng.Next(0, clipLength - Config.MaxSamples + 1);

    private static void ValidateWave(float[]? wave, int index)
    {
        if (wave is null || wave.Length == 0) throw new ArgumentException($"Waveform at index {index} is empty.");
        for (int k = 0; k < wave.Length; k++)
            if (!float.IsFinite(wave[k]))
                throw new ArgumentException($"Waveform at index {index} has a non-finite sample ({wave[k]}) at {k}.");
    }

    /// <summary>A per-clip generator from (seed, length), mixed so nearby seeds/lengths decorrelate.</summary>
    private static Random ClipRandom(int seed, int length) => new(Common.SeedMixer.Mix(seed, length));

    /// <summary>Short-clip filling in float32, exactly as the reference tiles and pads.</summary>
    private float[] PadToWindow(float[] wave)
    {
        int max = Config.MaxSamples;
        var window = new float[max]; // zeros = the padding
        if (wave.Length == max || Config.Padding == PaddingMode.Pad)
        {
            wave.CopyTo(window, 0);
            return window;
        }
        int repeats = max / wave.Length + (Config.Padding == PaddingMode.Repeat ? 1 : 0);
        for (int r = 0, offset = 0; r < repeats && offset < max; r++, offset += wave.Length)
            wave.AsSpan(0, Math.Min(wave.Length, max - offset)).CopyTo(window.AsSpan(offset));
        return window;
    }

    private void WriteWindowed(List<(int Index, float[] Window)> clips, Tensor features)
    {
        using var scope = NewDisposeScope();
        var mel = LogMel(Float64Batch(clips.Select(c => c.Window).ToList(), Config.MaxSamples)); // (n, frames, mel)
        int n = clips.Count;
        var index = tensor(clips.Select(c => (long)c.Index).ToArray());
        var perChannel = mel.unsqueeze(1).expand(n, Channels, mel.shape[1], mel.shape[2]);
        features.index_copy_(0, index, perChannel);
    }

    /// <summary>
    /// Log-mel of a (n, samples) float64 batch -> (n, frames, mel) float32: float64 STFT, spectrum rounded to
    /// complex64 (the reference stores it so), power, mel and dB in float64.
    /// <para>Speed without changing a bit: the rounded parts are float32, so their squares are exact in float64 and
    /// re² + im² rounds once however it is formed; <see cref="RoundedPower"/> forms it in one pass over the spectrum
    /// instead of four tensor passes (cast to float32, back to float64, square, addcmul). Bins above the highest mel
    /// filter (above fmax: 42% of them at 14 kHz) only ever add exact zeros, so they are skipped. The power keeps the
    /// (n, bins, frames) layout the mel product has always read, so that product runs the same BLAS call.</para>
    /// </summary>
    private Tensor LogMel(Tensor waves)
    {
        int nFft = Config.FftWindowSize;
        var window = hann_window(nFft, periodic: true, dtype: ScalarType.Float64);
        var spectrum = stft(waves, nFft, hop_length: Config.HopLength, win_length: nFft,
                            window: window, center: true, pad_mode: PaddingModes.Reflect, normalized: false,
                            onesided: true, return_complex: true);                       // (n, bins, frames) complex128
        var power = RoundedPower(spectrum, _usedBins).transpose(1, 2);                         // (n, frames, bins)
        var bank = tensor(_melBank, new long[] { _usedBins, Config.FeatureSize }, ScalarType.Float64);
        var mel = power.matmul(bank).clamp_min_(MelFloor);
        return mel.log10_().mul_(10.0).to_type(ScalarType.Float32);
    }

    /// <summary>(n, <paramref name="bins"/>, frames) contiguous float64: re² + im² of the first bins of a complex128
    /// CPU spectrum (n, allBins, frames) with each part first rounded to float32, as the complex128 -> complex64 cast
    /// does. torch's stft returns a transposed view of frame-major memory; that memory is read in place.</summary>
    private static unsafe Tensor RoundedPower(Tensor spectrum, int bins)
    {
        if (spectrum.device_type != DeviceType.CPU || spectrum.dtype != ScalarType.ComplexFloat64)
            throw new InvalidOperationException("the extractor's spectrum must be complex128 on the CPU");
        var frameMajor = spectrum.transpose(1, 2);                                      // (n, frames, allBins)
        if (!frameMajor.is_contiguous()) frameMajor = frameMajor.contiguous();
        var parts = view_as_real(frameMajor);                                       // (n, frames, allBins, 2)
        long n = frameMajor.shape[0], frames = frameMajor.shape[1], allBins = frameMajor.shape[2];
        var power = empty(n, bins, frames, dtype: ScalarType.Float64);
        fixed (byte* source = parts.bytes, target = power.bytes) // native memory: the addresses do not move
        {
            nint src = (nint)source, dst = (nint)target;
            Parallel.For(0, n * bins, row =>
            {
                long b = row / bins, k = row % bins;
                double* from = (double*)src + (b * frames * allBins + k) * 2, to = (double*)dst + row * frames;
                for (long f = 0; f < frames; f++, from += allBins * 2)
                {
                    double re = (float)from[0], im = (float)from[1];
                    to[f] = re * re + im * im;
                }
            });
        }
        return power;
    }

    /// <summary>(n, <paramref name="length"/>) float64 tensor of the clips (each exactly that long), written straight
    /// from the float32 samples (exact), without a float32 tensor and a cast in between.</summary>
    private static unsafe Tensor Float64Batch(IReadOnlyList<float[]> clips, int length)
    {
        var batch = empty(clips.Count, length, dtype: ScalarType.Float64);
        fixed (byte* target = batch.bytes)
        {
            nint dst = (nint)target;
            Parallel.For(0, clips.Count, k =>
            {
                var clip = clips[k];
                if (clip.Length != length)
                    throw new ArgumentException($"clip {k} has {clip.Length} samples, not {length}");
                double* row = (double*)dst + (long)k * length;
                for (int i = 0; i < length; i++) row[i] = clip[i];
            });
        }
        return batch;
    }

    private Tensor WholeClipMel(float[] wave) => LogMel(Float64Batch([wave], wave.Length))[0];

    /// <summary>
    /// Long clip in fusion mode, as the reference's <c>_get_input_mel</c> + <c>_random_mel_fusion</c>.
    /// </summary>
    private (Tensor Fused, bool IsLonger) FuseLongClip(float[] wave, Random rng)
    {
        var mel = WholeClipMel(wave);
        int totalFrames = (int)mel.shape[0], chunkFrames = Config.ChunkFrames;
        // Longer than the window by less than a hop: same frame count, so the reference uses the mel as is, not
        // "longer".
        if (totalFrames == chunkFrames) return (mel.unsqueeze(0).expand(4, -1, -1), false);

        var (front, middle, back) = ChunkStartRanges(totalFrames - chunkFrames + 1);
        int Pick((int Start, int Count) r) => r.Start + rng.Next(r.Count);
        int f = Pick(front), m = Pick(middle), b = Pick(back);
        return (StackFusion(mel, f, m, b), true);
    }

    /// <summary>
    /// The fusion chunk-start ranges (first start, count) for <paramref name="starts"/> possible start frames, as the
    /// reference's numpy.array_split(range(starts), 3): the first (starts % 3) parts get one extra element; an empty
    /// middle or back part becomes {0}.
    /// </summary>
    public static ((int Start, int Count) Front, (int Start, int Count) Middle, (int Start, int Count) Back)
        ChunkStartRanges(int starts)
    {
        int each = starts / 3, extra = starts % 3;
        var parts = new (int Start, int Count)[3];
        for (int p = 0, offset = 0; p < 3; p++)
        {
            int count = each + (p < extra ? 1 : 0);
            parts[p] = count == 0 ? (0, 1) : (offset, count);
            offset += count;
        }
        return (parts[0], parts[1], parts[2]);
    }

    private Tensor StackFusion(Tensor mel, int front, int middle, int back)
    {
        int chunk = Config.ChunkFrames;
        // torch.nn.functional.interpolate(bilinear, align_corners=False) on the float32 mel, as the reference does.
        var shrunk = nn.functional.interpolate(mel.unsqueeze(0).unsqueeze(0),
                                               size: new long[] { chunk, Config.FeatureSize },
                                               mode: InterpolationMode.Bilinear, align_corners: false)[0, 0];
        return stack(new[]
            { shrunk, mel.narrow(0, front, chunk), mel.narrow(0, middle, chunk), mel.narrow(0, back, chunk) });
    }
}
