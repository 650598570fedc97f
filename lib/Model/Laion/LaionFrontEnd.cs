using HumanClap.Audio;
using HumanClap.Model.MsClap;
using static TorchSharp.torch;
using HumanClap.Common;

namespace HumanClap.Model.Laion;

/// <summary>The unfused HTSAT's torchlibrosa front end at 48 kHz (n_fft 1024, hop 480, 64 Slaney mel bins,
/// 50–14000 Hz): from a LAION state dict's frozen keys, which the Hugging Face model has no place for, or rebuilt as
/// torchlibrosa builds them for a checkpoint that lost them (a Hugging Face folder).</summary>
internal static class LaionFrontEnd
{
    public const int NFft = 1024, Hop = 480, MelBins = 64, SampleRate = 48_000;
    private const string Prefix = "audio_branch.";

    /// <summary>Keys (without <c>module.</c>) the front end takes from a LAION state dict.</summary>
    public static bool IsFrontEndKey(string key) =>
        key.StartsWith(Prefix + "spectrogram_extractor.", StringComparison.Ordinal)
        || key.StartsWith(Prefix + "logmel_extractor.", StringComparison.Ordinal);

    internal static TorchLibrosaFrontEnd FromStateDict(IEnumerable<(string Key, Tensor Value)> weights, string source)
    {
        var frontEnd = new TorchLibrosaFrontEnd(MelBins, NFft, Hop);
        var state = frontEnd.state_dict();
        var wanted = state.Keys.Where(k => !k.StartsWith("bn0.", StringComparison.Ordinal)).ToHashSet();
        using (no_grad())
            foreach (var (key, t) in weights)
                if (IsFrontEndKey(key) && state.TryGetValue(key[Prefix.Length..], out var dest))
                {
                    if (!dest.shape.SequenceEqual(t.shape))
                        throw new UserInputException($"{source}: {key} has shape [{string.Join(", ", t.shape)}], " +
                                                       $"not [{string.Join(", ", dest.shape)}]");
                    dest.copy_(t);
                    wanted.Remove(key[Prefix.Length..]);
                }
        if (wanted.Count > 0)
        {
            frontEnd.Dispose();
            throw new UserInputException($"{source}: no {string.Join(", ", wanted.Select(k => Prefix + k))}");
        }
        frontEnd.eval();
        return frontEnd;
    }

    /// <summary>torchlibrosa's own kernels: librosa's DFT matrix times the periodic Hann window (conv_real = cos,
    /// conv_imag = −sin) and <c>librosa.filters.mel</c> (Slaney scale and norm), computed in float64 and stored as
    /// float32 as torchlibrosa does.</summary>
    public static TorchLibrosaFrontEnd Synthesized()
    {
        int bins = NFft / 2 + 1;
        var real = new float[bins * NFft];
        var imag = new float[bins * NFft];
        for (int k = 0; k < bins; k++)
            for (int n = 0; n < NFft; n++)
            {
                double w = 0.5 - 0.5 * Math.Cos(2 * Math.PI * n / NFft);
                double angle = 2 * Math.PI * ((long)k * n % NFft) / NFft;
                real[k * NFft + n] = (float)(Math.Cos(angle) * w);
                imag[k * NFft + n] = (float)(-Math.Sin(angle) * w);
            }
        var mel = MelFilterBank.Create(bins, MelBins, 50, 14_000, SampleRate, MelScale.Slaney, slaneyNorm: true);
        var melW = mel.Cast<double>().Select(x => (float)x).ToArray();
        var weights = new List<(string, Tensor)>
        {
            (Prefix + "spectrogram_extractor.stft.conv_real.weight", tensor(real, new long[] { bins, 1, NFft })),
            (Prefix + "spectrogram_extractor.stft.conv_imag.weight", tensor(imag, new long[] { bins, 1, NFft })),
            (Prefix + "logmel_extractor.melW", tensor(melW, new long[] { bins, MelBins })),
        };
        try
        {
            return FromStateDict(weights, "torchlibrosa");
        }
        finally
        {
            foreach (var (_, t) in weights) t.Dispose();
        }
    }
}
