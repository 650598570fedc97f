using static TorchSharp.torch;

namespace HumanClap.Losses;

/// <summary>Regression of each pair's cosine similarity y_i onto its rescaled subjective score a_i (paper
/// eq. 2-4).</summary>
internal static class RegressionLoss
{
    /// <summary>y_i = cos(e_i^audio, e_i^text) for matched rows of two (N, D) embedding matrices.</summary>
    public static Tensor PairCosine(Tensor audioEmbeds, Tensor textEmbeds) =>
        nn.functional.cosine_similarity(audioEmbeds, textEmbeds, 1);

    public static Tensor Mse(Tensor cosine, Tensor targets) => cosine.sub(targets.to(cosine.dtype)).pow(2).mean();

    public static Tensor Mae(Tensor cosine, Tensor targets) => cosine.sub(targets.to(cosine.dtype)).abs().mean();
}
