using System.Runtime.Intrinsics.X86;
using HumanClap.Common;

namespace HumanClap.Model;

/// <summary>
/// Which input-channel counts reach libtorch 2.10's oneDNN float32 conv2d in the layout that has given wrong numbers.
/// oneDNN's x86 kernels hold channels in blocks of 8 (ISAs up to AVX2) or 16 (AVX-512). A count above one block that
/// does not fill its last block is first copied into a zero-padded blocked buffer ("ap:blocked:aBcd8b" in
/// ONEDNN_VERBOSE); counts up to one block take a plain-layout kernel. The wrong results reported (off by ~19 or
/// NaN, varying run to run: 12 and 20 channels under the AVX2 pin, above 16 and not a multiple of 16 with AVX-512)
/// fall on those padded counts and the counts reported right do not, so the guard keeps every count out of them.
/// See docs/convolutions.md.
/// </summary>
internal static class OneDnnChannelBlock
{
    /// <summary>oneDNN's names for the ISAs whose float32 convolution kernels block channels by 8.</summary>
    private static readonly HashSet<string> EightWideIsas =
        new(StringComparer.OrdinalIgnoreCase) { "SSE41", "AVX", "AVX2", "AVX2_VNNI", "AVX2_VNNI_2" };

    /// <summary>The block of this process: oneDNN reads ONEDNN_MAX_CPU_ISA once, natively (Determinism pins it to
    /// AVX2 unless the user set it), and without a cap uses AVX-512 where the CPU has it. 0 off x86, where oneDNN
    /// has other kernels and nothing was reported.</summary>
    public static readonly int Current = X86Base.IsSupported
        ? ForIsa(Determinism.NativeValue("ONEDNN_MAX_CPU_ISA"), Avx512F.IsSupported)
        : 0;

    /// <param name="maxIsa">ONEDNN_MAX_CPU_ISA as oneDNN sees it (null or empty: no cap).</param>
    /// <param name="cpuHasAvx512">Whether the CPU (and OS) run AVX-512.</param>
    public static int ForIsa(string? maxIsa, bool cpuHasAvx512) =>
        !cpuHasAvx512 || (maxIsa is { Length: > 0 } && EightWideIsas.Contains(maxIsa.Trim())) ? 8 : 16;

    /// <summary>Zero channels to append so that <paramref name="inChannels"/> fills whole blocks of
    /// <paramref name="block"/>; 0 when it already does, when it fits in one block, or when the guard is off
    /// (block 0).</summary>
    public static long ChannelsToAdd(long inChannels, int block) =>
        block <= 0 || inChannels <= block || inChannels % block == 0 ? 0 : block - inChannels % block;
}
