using System.Diagnostics;
using HumanClap.Losses;
using HumanClap.Model;
using HumanClap.Text;
using HumanClap.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace HumanClap.Benchmarks;

/// <summary>One fine-tuning step (forward, backward, AdamW update) measured with one optimizer.</summary>
/// <param name="StepSeconds">Median time of a whole step.</param>
/// <param name="UpdateSeconds">Median time of the optimizer update alone.</param>
/// <param name="PeakGiB">Peak resident memory over the measured steps (see <see cref="PeakMemory"/>).</param>
public sealed record TrainStepFigures(double StepSeconds, double UpdateSeconds, double PeakGiB);

/// <summary>The trainer's step (<see cref="LeanAdamW"/>) against TorchSharp's own AdamW on the same model and batch,
/// in one process, so the ratios hold on a loaded machine.</summary>
public sealed record TrainStepReport(TrainStepFigures Lean, TrainStepFigures TorchAdamW)
{
    public double UpdateSpeedup => TorchAdamW.UpdateSeconds / Lean.UpdateSeconds;
    public double StepSpeedup => TorchAdamW.StepSeconds / Lean.StepSeconds;
    public double PeakSavedGiB => TorchAdamW.PeakGiB - Lean.PeakGiB;

    public IEnumerable<string> Lines()
    {
        yield return $"fine-tuning step, lean AdamW   {Lean.StepSeconds,8:F2} s/step " +
                     $"(update {Lean.UpdateSeconds:F2} s), peak {Lean.PeakGiB:F2} GiB";
        yield return $"  torch's AdamW, same run      {TorchAdamW.StepSeconds,8:F2} s/step " +
                     $"(update {TorchAdamW.UpdateSeconds:F2} s), peak {TorchAdamW.PeakGiB:F2} GiB";
        yield return $"  lean vs torch                step {StepSpeedup:F2}x, update {UpdateSpeedup:F2}x faster, " +
                     $"{PeakSavedGiB:F2} GiB less peak";
    }
}

public static class TrainStepBenchmark
{
    /// <summary>Measures the lean optimizer first (so the retained memory of the other cannot inflate its peak),
    /// then TorchSharp's AdamW. Both start from zero moments; weights keep moving between the two (timing only).
    /// </summary>
    public static TrainStepReport Run(ClapModel model, ClapTokenizer tokenizer, AudioFeaturesBatch batch, int repeats,
                                      int seed)
    {
        model.train();
        var scores = rand(batch.Captions.Count, generator: manual_seed(seed));
        TrainStepFigures lean, reference;
        using (var optimizer = new LeanAdamW(model.parameters(), lr: 1e-5))
            lean = Measure(model, tokenizer, batch, scores, repeats, optimizer.ZeroGrad, optimizer.Step);
        using (var optimizer = optim.AdamW(model.parameters(), lr: 1e-5, beta2: 0.999, weight_decay: 0.01))
            reference = Measure(model, tokenizer, batch, scores, repeats, optimizer.zero_grad, () => optimizer.step());
        foreach (var p in model.parameters()) p.grad = null; // release the gradients before what comes next
        return new TrainStepReport(lean, reference);
    }

    private static TrainStepFigures Measure(ClapModel model, ClapTokenizer tokenizer, AudioFeaturesBatch batch,
                                            Tensor scores, int repeats, Action zeroGrad, Action update)
    {
        PeakMemory.Reset();
        var steps = new List<double>();
        var updates = new List<double>();
        for (int i = 0; i <= repeats; i++) // the first is a warm-up (moments allocated, kernels chosen)
        {
            var step = Stopwatch.StartNew();
            using (var scope = NewDisposeScope())
            {
                zeroGrad();
                using var tokens = tokenizer.Encode(batch.Captions, TextPadding.Longest);
                var a = model.EncodeAudio(batch.Features.InputFeatures, batch.Features.IsLonger).Embeds;
                var t = model.EncodeText(tokens.InputIds, tokens.AttentionMask).Embeds;
                HumanClapLoss.PaperDefault.Compute(a, t, scores, model.LogitScaleA).Total.backward();
            }
            var upd = Stopwatch.StartNew();
            update();
            if (i == 0) continue;
            updates.Add(upd.Elapsed.TotalSeconds);
            steps.Add(step.Elapsed.TotalSeconds);
        }
        return new TrainStepFigures(Median(steps), Median(updates), PeakMemory.PeakGiB());
    }

    private static double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);
}

/// <summary>A batch of extracted audio features with captions, as one training step consumes it.</summary>
public sealed record AudioFeaturesBatch(Audio.AudioFeatures Features, IReadOnlyList<string> Captions);
