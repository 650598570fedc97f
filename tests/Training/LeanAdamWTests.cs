using HumanClap.Tests.Support;
using HumanClap.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HumanClap.Tests.Training;

/// <summary>LeanAdamW must be torch's AdamW in every bit, only leaner: same parameters after many steps, and
/// optimizer files interchangeable with TorchSharp's.</summary>
[Collection(SerialCollection.Name)]
public sealed class LeanAdamWTests
{
    private static Sequential NewModel(int seed)
    {
        manual_seed(seed);
        return nn.Sequential(nn.Linear(7, 33), nn.Tanh(), nn.Linear(33, 5), nn.Tanh(), nn.Linear(5, 1));
    }

    /// <summary>A fixed regression batch per step, so both runs see the same data.</summary>
    private static void Backward(Sequential model, int step)
    {
        using var scope = NewDisposeScope();
        var g = new Generator(1000 + (ulong)step);
        var x = randn(16, 7, generator: g);
        var y = randn(16, 1, generator: g);
        nn.functional.mse_loss(model.forward(x), y).backward();
    }

    private static void AssertEqualParameters(Sequential a, Sequential b, string when)
    {
        var pa = a.parameters().ToList();
        var pb = b.parameters().ToList();
        for (int i = 0; i < pa.Count; i++) Assert.True(SameBits(pa[i], pb[i]), $"parameter {i} differs {when}");
    }

    /// <summary>Stricter than torch.equal: -0 and +0 or two NaN payloads count as different.</summary>
    private static bool SameBits(Tensor a, Tensor b) => a.bytes.SequenceEqual(b.bytes);

    private static void TrainTorch(Sequential model, OptimizerHelper opt, int from, int to)
    {
        for (int s = from; s < to; s++) { opt.zero_grad(); Backward(model, s); opt.step(); }
    }

    private static void TrainLean(Sequential model, LeanAdamW opt, int from, int to)
    {
        for (int s = from; s < to; s++) { opt.ZeroGrad(); Backward(model, s); opt.Step(); }
    }

    [Theory]
    [InlineData(1e-2, 0.01)]
    [InlineData(3e-4, 0.0)]
    [InlineData(1e-3, 0.1)]
    public void MatchesTorchAdamWBitForBit(double lr, double weightDecay)
    {
        using var reference = NewModel(3);
        using var lean = NewModel(3);
        var torchOpt = optim.AdamW(reference.parameters(), lr, 0.9, 0.999, 1e-8, weightDecay, false, false);
        using var leanOpt = new LeanAdamW(lean.parameters(), lr, 0.9, 0.999, 1e-8, weightDecay);
        for (int s = 0; s < 40; s++)
        {
            TrainTorch(reference, torchOpt, s, s + 1);
            TrainLean(lean, leanOpt, s, s + 1);
            AssertEqualParameters(reference, lean, $"after step {s + 1}");
        }
        // The run moved the weights (the comparison is not trivially true).
        using var start = NewModel(3);
        Assert.False(SameBits(start.parameters().First(), lean.parameters().First()));
    }

    [Fact]
    public void OptimizerFilesAreInterchangeableWithTorchSharps()
    {
        string dir = Directory.CreateTempSubdirectory("humanclap-adamw-").FullName;
        try
        {
            using var reference = NewModel(5);
            using var lean = NewModel(5);
            var torchOpt = optim.AdamW(reference.parameters(), 1e-2, 0.9, 0.999, 1e-8, 0.01, false, false);
            using var leanOpt = new LeanAdamW(lean.parameters(), 1e-2, 0.9, 0.999, 1e-8, 0.01);
            TrainTorch(reference, torchOpt, 0, 10);
            TrainLean(lean, leanOpt, 0, 10);

            // Swap: each continues from the other's file, in a fresh optimizer.
            string torchFile = Path.Combine(dir, "torch.bin"), leanFile = Path.Combine(dir, "lean.bin");
            torchOpt.save_state_dict(torchFile);
            leanOpt.Save(leanFile);
            var torchResumed = optim.AdamW(reference.parameters(), 1e-2, 0.9, 0.999, 1e-8, 0.01, false, false);
            torchResumed.load_state_dict(leanFile);
            using var leanResumed = new LeanAdamW(lean.parameters(), 1e-2, 0.9, 0.999, 1e-8, 0.01);
            leanResumed.Load(torchFile);
            TrainTorch(reference, torchResumed, 10, 20);
            TrainLean(lean, leanResumed, 10, 20);
            AssertEqualParameters(reference, lean, "after resuming from each other's file");
        }
        finally { Directory.Delete(dir, true); }
    }
}
