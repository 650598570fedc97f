using System.Diagnostics;
using HumanClap.Losses;
using HumanClap.Model;
using HumanClap.Text;
using HumanClap.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace HumanClap.Tooling.Benchmarks;

/// <summary>One fine-tuning step (forward, backward, AdamW update) measured with one optimizer.</summary>
/// <param name="StepSeconds">Median time of a whole step.</param>
/// <param name="UpdateSeconds">Median time of the optimizer update alone.</param>
/// <param name="PeakGiB">Peak resident memory over the measured steps (see <see cref="PeakMemory"/>).</param>
public sealed record TrainStepFigures(double StepSeconds, double UpdateSeconds, double PeakGiB);

/// <summary>The trainer's step (<see cref="LeanAdamW"/>) against TorchSharp's own AdamW on the same model and batch,
/// in one process, so the ratios hold on a loaded machine; <paramref name="TorchAdamW"/> is null when the comparison
/// was skipped.</summary>
public sealed record TrainStepReport(TrainStepFigures Lean, TrainStepFigures? TorchAdamW)
{
    public double? UpdateSpeedup => TorchAdamW?.UpdateSeconds / Lean.UpdateSeconds;
    public double? StepSpeedup => TorchAdamW?.StepSeconds / Lean.StepSeconds;
    public double? PeakSavedGiB => TorchAdamW?.PeakGiB - Lean.PeakGiB;
    /// <summary>Share of the run's wall time during which runnable tasks waited for a CPU (standalone runs only).
    /// </summary>
    public double? CpuStallShare { get; init; }

    public IEnumerable<string> Lines()
    {
        yield return $"fine-tuning step, lean AdamW   {Lean.StepSeconds,8:F2} s/step " +
                     $"(update {Lean.UpdateSeconds:F2} s), peak {Lean.PeakGiB:F2} GiB";
        if (TorchAdamW is { } torch)
        {
            yield return $"  torch's AdamW, same run      {torch.StepSeconds,8:F2} s/step " +
                         $"(update {torch.UpdateSeconds:F2} s), peak {torch.PeakGiB:F2} GiB";
            yield return $"  lean vs torch                step {StepSpeedup:F2}x, update {UpdateSpeedup:F2}x faster, " +
                         $"{PeakSavedGiB:F2} GiB less peak";
        }
        if (CpuStallShare is double stall) yield return $"  CPU stall share              {stall,8:P1}";
    }
}

public static class TrainStepBenchmark
{
    /// <summary>Measures the lean optimizer first (so the retained memory of the other cannot inflate its peak),
    /// then TorchSharp's AdamW. Both start from zero moments; weights keep moving between the two (timing only).
    /// </summary>
    public static TrainStepReport Run(ClapModel model, ClapTokenizer tokenizer, AudioFeaturesBatch batch, int repeats,
                                      int seed, bool compareTorch = true)
    {
        model.train();
        var scores = rand(batch.Captions.Count, generator: manual_seed(seed));
        TrainStepFigures lean;
        TrainStepFigures? reference = null;
        using (var optimizer = new LeanAdamW(model.parameters(), lr: 1e-5))
            lean = Measure(model, tokenizer, batch, scores, repeats, optimizer.ZeroGrad, optimizer.Step);
        foreach (var p in model.parameters()) p.grad = null; // each optimizer starts as a fresh run would
        if (compareTorch)
            using (var optimizer = optim.AdamW(model.parameters(), lr: 1e-5, beta2: 0.999, weight_decay: 0.01))
                reference = Measure(model, tokenizer, batch, scores, repeats, optimizer.zero_grad,
                    () => optimizer.step());
        foreach (var p in model.parameters()) p.grad = null; // release the gradients before what comes next
        return new TrainStepReport(lean, reference);
    }

    /// <summary>The step alone at full size (HTSAT-tiny + RoBERTa-base, random weights) on random 10 s clips, in a
    /// process that ran nothing else first: <c>bench --train-step-only</c>.</summary>
    public static TrainStepReport RunStandalone(string tokenizerDir, int batch, int repeats, int seed,
                                                bool compareTorch)
    {
        var clock = Stopwatch.StartNew();
        var stallBefore = CpuPressure.SomeTotalMicroseconds();
        manual_seed(seed);
        var rng = new Random(seed);
        using var model = FullSizeSetup.Model();
        var tokenizer = ClapTokenizer.FromPretrained(tokenizerDir);
        using var features = FullSizeSetup.Extractor().Extract(FullSizeSetup.RandomClips(batch, rng));
        var captions = FullSizeSetup.Captions(batch);
        var report = Run(model, tokenizer, new AudioFeaturesBatch(features, captions), repeats, seed, compareTorch);
        return report with
        {
            CpuStallShare = CpuPressure.StallShare(stallBefore, CpuPressure.SomeTotalMicroseconds(), clock.Elapsed),
        };
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
