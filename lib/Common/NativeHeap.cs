using System.Runtime.InteropServices;

namespace HumanClap.Common;

/// <summary>
/// How the native heap (glibc's malloc, which libtorch allocates tensors from) holds memory between tensors.
/// <para>By default glibc serves every block above its mmap threshold (at most 32 MiB) with a fresh mapping and
/// returns freed memory at the heap top to the kernel as soon as more than twice that threshold is free; so work that
/// creates and frees the same large tensors over and over (the feature extractor's spectra, every encoder
/// activation) gets new pages each time, and the kernel zeroes and maps every one: in a standalone extractor run
/// measured here 40% of the process's CPU time was spent there, and the extractor ran at 46–51 clips/s against
/// 65–92 with the heap kept (and clips two to an STFT call, so that its tensors stay under the threshold).
/// <see cref="KeepFreedMemory"/> fixes the threshold at its maximum and keeps up to 1 GiB of freed memory for reuse:
/// the resident size then follows the largest working set instead of shrinking after each tensor.
/// </para>
/// </summary>
public static class NativeHeap
{
    /// <summary>glibc's largest accepted mmap threshold on 64-bit (HEAP_MAX_SIZE / 2); a larger value is refused.
    /// </summary>
    public const int MmapThresholdBytes = 32 << 20;
    public const int TrimThresholdBytes = 1 << 30;
    /// <summary>Extra room each time the heap grows, so a growing working set asks the kernel less often.</summary>
    public const int TopPadBytes = 64 << 20;
    /// <summary>Set to "default" to leave glibc's behaviour alone (for comparisons).</summary>
    public const string OptOutVariable = "HUMANCLAP_MALLOC";

    private const int TrimThreshold = -1, TopPad = -2, MmapThreshold = -3; // malloc.h's M_* parameters

    /// <summary>Applies the settings above for this process (Linux with glibc; a no-op elsewhere, and when
    /// <see cref="OptOutVariable"/> is "default"). The command line calls it first thing; a notebook or script
    /// that churns large tensors on the CPU may call it too. Returns whether glibc took all three.</summary>
    public static bool KeepFreedMemory()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable(OptOutVariable) == "default")
            return false;
        try
        {
            // `&`, not `&&`: each setting is applied even when glibc refuses another.
            return mallopt(MmapThreshold, MmapThresholdBytes) == 1 & mallopt(TrimThreshold, TrimThresholdBytes) == 1
                   & mallopt(TopPad, TopPadBytes) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return false; } // musl
    }

    /// <summary>Returns the free memory of the heap to the kernel now (before measuring a peak, for one).</summary>
    public static void Trim()
    {
        if (!OperatingSystem.IsLinux()) return;
        try { malloc_trim(0); }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { } // not glibc
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int mallopt(int parameter, int value);

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int malloc_trim(nuint pad);
}
