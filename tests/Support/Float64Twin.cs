using TorchSharp;
using static TorchSharp.torch;

namespace HumanClap.Tests.Support;

/// <summary>A float32 model beside its own float64 copy (same weights): float64 takes ATen's own convolution, not
/// oneDNN's, so it is the reference for what the float32 model should compute.</summary>
public static class Float64Twin
{
    /// <summary>A second model from <paramref name="build"/> holding <paramref name="model"/>'s parameters and
    /// buffers, in float64 and eval mode.</summary>
    public static T Of<T>(T model, Func<T> build) where T : nn.Module
    {
        var twin = build();
        twin.load_state_dict(model.state_dict());
        twin.to(ScalarType.Float64);
        twin.eval();
        return twin;
    }

    /// <summary>Gives every BatchNorm running statistic random values (means ±0.5, variances 0.5-2), so that eval
    /// BatchNorm is not the identity and a wrong channel shows.</summary>
    public static void RandomiseBatchNormStatistics(nn.Module model, Generator generator)
    {
        using var _ = no_grad();
        foreach (var (name, buffer) in model.named_buffers())
        {
            if (name.EndsWith("running_mean", StringComparison.Ordinal)) buffer.uniform_(-0.5, 0.5, generator);
            else if (name.EndsWith("running_var", StringComparison.Ordinal)) buffer.uniform_(0.5, 2, generator);
        }
    }

    /// <summary>max |actual - reference| / max |reference|, NaN counted as infinitely wrong.</summary>
    public static double RelativeDiff(Tensor actual, Tensor reference)
    {
        using var scope = NewDisposeScope();
        var r = reference.detach().to(ScalarType.Float64);
        var d = actual.detach().to(ScalarType.Float64).sub(r).abs().max().item<double>() /
                Math.Max(1e-30, r.abs().max().item<double>());
        return double.IsNaN(d) ? double.PositiveInfinity : d;
    }
}
