using HumanClap.Losses;
using HumanClap.Model;
using HumanClap.Tests.Support;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace HumanClap.Tests.Losses;

public class LossTests(ITestOutputHelper output)
{
    // A = identity, T = [[1,0],[0.6,0.8]] (unit rows), scale 1 => logits = [[1, 0.6], [0, 0.8]].
    private static Tensor A() => tensor(new double[] { 1, 0, 0, 1 }, new long[] { 2, 2 });
    private static Tensor T() => tensor(new double[] { 1, 0, 0.6, 0.8 }, new long[] { 2, 2 });
    private static double LogSoftmaxAt(double x, params double[] all) => x - Math.Log(all.Sum(Math.Exp));

    // Hand-worked log-probabilities of the matched pairs.
    private static readonly double Row0 = LogSoftmaxAt(1, 1, 0.6), Row1 = LogSoftmaxAt(0.8, 0, 0.8);
    private static readonly double Col0 = LogSoftmaxAt(1, 1, 0), Col1 = LogSoftmaxAt(0.8, 0.6, 0.8);

    [Fact]
    public void SceEqualsHandComputedValue()
    {
        using var logits = A().matmul(T().t());
        double expected = -(Row0 + Row1 + Col0 + Col1) / 4;
        Assert.Equal(expected, ContrastiveLoss.Sce(logits).item<double>(), 12);
    }

    [Fact]
    public void WeightedSceWithAllOnesEqualsSceAndZeroWeightDropsThePair()
    {
        using var logits = A().matmul(T().t());
        var ones = ContrastiveLoss.WeightedSce(logits, tensor(new double[] { 1, 1 })).item<double>();
        Assert.Equal(ContrastiveLoss.Sce(logits).item<double>(), ones, 12);
        var firstOnly = ContrastiveLoss.WeightedSce(logits, tensor(new double[] { 1, 0 })).item<double>();
        Assert.Equal(-(Row0 + Col0) / 4, firstOnly, 12);
        var weighted = ContrastiveLoss.WeightedSce(logits, tensor(new double[] { 0.5, 0.25 })).item<double>();
        Assert.Equal(-(0.5 * (Row0 + Col0) + 0.25 * (Row1 + Col1)) / 4, weighted, 12);
    }

    [Fact]
    public void SceAgreesWithTorchCrossEntropy()
    {
        using var scope = NewDisposeScope();
        var logits = randn(5, 5, generator: new Generator(3));
        var target = arange(5);
        var viaCe = nn.functional.cross_entropy(logits, target)
            .add(nn.functional.cross_entropy(logits.t(), target)).div(2);
        Assert.Equal(viaCe.item<float>(), ContrastiveLoss.Sce(logits).item<float>(), 5);
    }

    [Fact]
    public void RegressionLossesEqualHandComputedValues()
    {
        var cos = RegressionLoss.PairCosine(A(), T()); // (1, 0.8)
        var a = tensor(new double[] { 0.5, 0.25 });
        Assert.Equal((0.25 + 0.55 * 0.55) / 2, RegressionLoss.Mse(cos, a).item<double>(), 12);
        Assert.Equal((0.5 + 0.55) / 2, RegressionLoss.Mae(cos, a).item<double>(), 12);
    }

    [Fact]
    public void CombinationWeightsTheTermsAndClampsTheTemperature()
    {
        var a = tensor(new double[] { 0.5, 0.25 });
        var terms = HumanClapLoss.PaperDefault.Compute(A(), T(), a, tensor(0.0, ScalarType.Float64));
        double expected = 0.1 * terms.Wsce.item<double>() + terms.Mse.item<double>() + terms.Mae.item<double>();
        Assert.Equal(expected, terms.Total.item<double>(), 12);
        // exp(10) would be 22026; the clamp makes the scale 100.
        var hot = HumanClapLoss.Wsce.Compute(A(), T(), a, tensor(10.0, ScalarType.Float64));
        using var logits100 = A().matmul(T().t()).mul(100);
        Assert.Equal(ContrastiveLoss.WeightedSce(logits100, a).item<double>(), hot.Total.item<double>(), 9);
    }

    [Theory]
    [InlineData("tiny_unfused")]
    [InlineData("tiny_fused")]
    public void ReferenceContrastiveLossMatchesTransformers(string name)
    {
        using var scope = NewDisposeScope();
        using var model = ClapModel.FromPretrained(Fixtures.Checkpoint(name));
        var exp = Fixtures.Expected(name);
        int n = (int)exp["contrastive_loss_n"].item<long>();
        using var _ = no_grad();
        var (perAudio, perText) = model.Logits(exp["audio_embeds"][..n], exp["text_embeds"][..n]);
        var ours = ContrastiveLoss.ReferenceClapLoss(perAudio, perText).item<float>();
        var reference = exp["contrastive_loss_first_n"].item<float>();
        output.WriteLine($"n={n}: ours {ours:F7}, transformers {reference:F7}, " +
                         $"symmetric SCE {ContrastiveLoss.Sce(perAudio).item<float>():F7}");
        Assert.Equal(reference, ours, 5);
    }

    [Fact]
    public void GradientsReachBothTowersAndTheLogitScale()
    {
        using var scope = NewDisposeScope();
        using var model = ClapModel.FromPretrained(Fixtures.Checkpoint("tiny_unfused"));
        var exp = Fixtures.Expected("tiny_unfused");
        model.train();
        var audio = model.EncodeAudio(exp["input_features"], exp["is_longer"]);
        var text = model.EncodeText(exp["input_ids"][..4], exp["attention_mask"][..4]);
        var terms = HumanClapLoss.PaperDefault.Compute(audio.Embeds, text.Embeds,
            tensor(new float[] { 0.9f, 0.1f, 0.5f, 0.3f }), model.LogitScaleA);
        terms.Total.backward();
        var grads = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad);
        double Norm(string key) => grads[key] is { } g ? g.abs().sum().item<float>() : 0;
        Assert.True(Norm("logit_scale_a") > 0, "no gradient on logit_scale_a");
        Assert.True(Norm("audio_model.audio_encoder.patch_embed.proj.weight") > 0, "no gradient in the audio tower");
        Assert.True(Norm("text_model.embeddings.word_embeddings.weight") > 0, "no gradient in the text tower");
        Assert.True(Norm("audio_projection.linear2.weight") > 0 && Norm("text_projection.linear2.weight") > 0);
    }
}
