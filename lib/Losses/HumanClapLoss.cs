using static TorchSharp.torch;

namespace HumanClap.Losses;

/// <summary>Paper eq. 6: L = λ1·wSCE + λ2·MSE + λ3·MAE. A term whose λ is 0 is still reported but not
/// backpropagated. The temperature is the model's learnable <c>logit_scale_a</c> (exp, clamped at 100 as LAION
/// does), used for both directions as in LAION's training code.</summary>
public sealed record HumanClapLoss(string Name, double Lambda1, double Lambda2, double Lambda3)
{
    /// <summary>LAION clamps exp(logit_scale) at 100 (the parameter at ln 100).</summary>
    public const double MaxLogitScale = 100.0;

    /// <summary>The paper's default weights [0.1, 1, 1].</summary>
    public static HumanClapLoss PaperDefault => new("wSCE+MSE+MAE", 0.1, 1, 1);
    public static HumanClapLoss WsceMse => new("wSCE+MSE", 0.1, 1, 0);
    public static HumanClapLoss WsceMae => new("wSCE+MAE", 0.1, 0, 1);
    public static HumanClapLoss Wsce => new("wSCE", 1, 0, 0);
    public static HumanClapLoss Mse => new("MSE", 0, 1, 0);
    public static HumanClapLoss Mae => new("MAE", 0, 0, 1);
    /// <summary>Also shown in the paper's Figure 3a.</summary>
    public static HumanClapLoss MseMae => new("MSE+MAE", 0, 1, 1);
    /// <summary>Conventional CLAP's loss: the wSCE term alone, which is plain SCE on pairs whose scores are all 1
    /// (the synthetic baseline's pretraining on captioned clips).</summary>
    public static HumanClapLoss Sce => new("SCE", 1, 0, 0);

    /// <summary>The five variants of the paper's Table 1, in its order.</summary>
    public static IReadOnlyList<HumanClapLoss> PaperVariants => [WsceMse, WsceMae, Wsce, Mse, Mae];

    public static HumanClapLoss Parse(string name) =>
        new[] { PaperDefault, WsceMse, WsceMae, Wsce, Mse, Mae, MseMae }
            .FirstOrDefault(l => string.Equals(l.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new Common.UserInputException(
            $"unknown loss '{name}' (known: wSCE+MSE+MAE, wSCE+MSE, wSCE+MAE, wSCE, MSE, MAE, MSE+MAE)");

    /// <param name="audioEmbeds">(N, D) L2-normalised.</param>
    /// <param name="textEmbeds">(N, D) L2-normalised.</param>
    /// <param name="scores01">(N) rescaled subjective scores a_i in [0, 1].</param>
    /// <param name="logitScale">the model's ln-temperature parameter (logit_scale_a).</param>
    public LossTerms Compute(Tensor audioEmbeds, Tensor textEmbeds, Tensor scores01, Tensor logitScale)
    {
        var scale = logitScale.exp().clamp_max(MaxLogitScale);
        var logits = audioEmbeds.matmul(textEmbeds.t()).mul(scale);
        var wsce = ContrastiveLoss.WeightedSce(logits, scores01);
        var cos = RegressionLoss.PairCosine(audioEmbeds, textEmbeds);
        var mse = RegressionLoss.Mse(cos, scores01);
        var mae = RegressionLoss.Mae(cos, scores01);
        var total = zeros_like(mse);
        if (Lambda1 != 0) total = total.add(wsce.mul(Lambda1));
        if (Lambda2 != 0) total = total.add(mse.mul(Lambda2));
        if (Lambda3 != 0) total = total.add(mae.mul(Lambda3));
        return new LossTerms(total, wsce, mse, mae);
    }

    public override string ToString() => $"{Name} (λ = [{Lambda1}, {Lambda2}, {Lambda3}])";
}
