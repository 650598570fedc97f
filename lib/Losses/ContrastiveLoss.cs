using static TorchSharp.torch;

namespace HumanClap.Losses;

/// <summary>Contrastive losses over a batch of N matched audio-text pairs (pair i = audio i with text i).</summary>
internal static class ContrastiveLoss
{
    /// <summary>Symmetric cross entropy (SCE): mean of the audio->text and text->audio cross entropies,
    /// targets on the diagonal. <paramref name="logitsPerAudio"/> is (N, N) = scale * A Tᵀ.</summary>
    public static Tensor Sce(Tensor logitsPerAudio) => WeightedSce(logitsPerAudio, null);

    /// <summary>Weighted SCE (paper eq. 5): -(1/2N) Σ a_i [log softmax_row(i,i) + log softmax_col(i,i)].
    /// With all a_i = 1 it equals <see cref="Sce"/>; a pair with a_i = 0 contributes nothing (but still serves as a
    /// negative).</summary>
    public static Tensor WeightedSce(Tensor logitsPerAudio, Tensor? weights)
    {
        long n = logitsPerAudio.shape[0];
        if (logitsPerAudio.shape.Length != 2 || logitsPerAudio.shape[1] != n)
            throw new ArgumentException(
                $"logits must be square (N, N), got [{string.Join(", ", logitsPerAudio.shape)}]");
        var audioToText = nn.functional.log_softmax(logitsPerAudio, 1).diagonal();
        var textToAudio = nn.functional.log_softmax(logitsPerAudio, 0).diagonal();
        var perPair = audioToText.add(textToAudio);
        if (weights is not null) perPair = perPair.mul(weights.to(perPair.dtype));
        return perPair.sum().div(-2.0 * n);
    }

    /// <summary>The loss exactly as transformers' ClapModel computes it with return_loss=True:
    /// (CE(logits_per_text) + CE(logits_per_audioᵀ)) / 2. Note both terms normalise over audios for each text
    /// (a quirk of the reference); kept only to check parity, training uses <see cref="Sce"/>.</summary>
    public static Tensor ReferenceClapLoss(Tensor logitsPerAudio, Tensor logitsPerText)
    {
        using var targets = arange(logitsPerText.shape[0], ScalarType.Int64, logitsPerText.device);
        var caption = nn.functional.cross_entropy(logitsPerText, targets);
        var audio = nn.functional.cross_entropy(logitsPerAudio.t(), targets);
        return caption.add(audio).div(2);
    }
}
