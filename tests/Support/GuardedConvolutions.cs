using HumanClap.Model;
using TorchSharp;

namespace HumanClap.Tests.Support;

/// <summary>Checks that a width test reaches the conv2d guard's padded path at all.</summary>
public static class GuardedConvolutions
{
    /// <summary>At least one convolution of <paramref name="model"/> pads its input channels in this process (unless
    /// the guard is off here: not x86).</summary>
    public static void AssertSomeArePadded(torch.nn.Module model)
    {
        if (OneDnnChannelBlock.Current == 0) return;
        Assert.Contains(model.modules().OfType<GuardedConv2d>(), c => c.ExtraChannelsOnCpuFloat32 > 0);
    }
}
