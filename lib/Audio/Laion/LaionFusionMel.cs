using TorchSharp;
using static TorchSharp.torch;

namespace HumanClap.Audio.Laion;

/// <summary>
/// The fused model's mel, computed outside the model as laion_clap's <c>get_mel</c> does:
/// <c>torchaudio.transforms.MelSpectrogram</c> (48 kHz, n_fft 1024, hop 480, periodic Hann, centred with reflect
/// padding, power 2, HTK mel scale without area normalisation, 50–14000 Hz, 64 bins) then
/// <c>AmplitudeToDB(top_db=None)</c> = 10·log10(max(x, 1e-10)), as (frames, 64). In float32 like torchaudio (the
/// Hugging Face extractor's float64 mel differs by up to 0.09 dB on quiet bins).
/// </summary>
internal sealed class LaionFusionMel
{
    public const int SampleRate = 48_000, NFft = 1024, Hop = 480, MelBins = 64;
    public const double FMin = 50, FMax = 14_000;
    private const float Floor = 1e-10f;

    private readonly float[] _bank; // (bins, mel) row-major

    public LaionFusionMel()
    {
        var bank = MelFilterBank.Create(NFft / 2 + 1, MelBins, FMin, FMax, SampleRate, MelScale.Htk, slaneyNorm: false);
        _bank = bank.Cast<double>().Select(x => (float)x).ToArray();
    }

    /// <summary>Frames of a clip of <paramref name="samples"/>: <c>L // 480 + 1</c>.</summary>
    public static int Frames(int samples) => samples / Hop + 1;

    /// <param name="clip">one mono clip at 48 kHz (already quantized).</param>
    /// <returns>(frames, 64) float32 dB.</returns>
    public Tensor Compute(float[] clip)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var wave = tensor(clip);
        var window = hann_window(NFft, periodic: true);
        var spectrum = stft(wave, NFft, hop_length: Hop, win_length: NFft, window: window, center: true,
            pad_mode: PaddingModes.Reflect, normalized: false, onesided: true, return_complex: true);
        var power = spectrum.abs().pow(2);                                                  // (bins, frames)
        var bank = tensor(_bank, new long[] { NFft / 2 + 1, MelBins });
        var mel = power.transpose(0, 1).matmul(bank);                                        // (frames, mel)
        return mel.clamp_min(Floor).log10().mul(10f).MoveToOuterDisposeScope();
    }
}
