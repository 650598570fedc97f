using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HumanClap.Common;

/// <summary>Same seed, same numbers on every x86-64 machine with AVX2, not only on the same machine. libtorch picks
/// its kernels by CPU at run time (ATen's vectorised kernels: AVX2 or AVX-512; MKL's GEMM: a code path per CPU
/// generation; oneDNN's convolutions: the widest ISA), and each path rounds differently; training then amplifies a
/// last-bit difference into different tables. Pinning all three to their AVX2 paths and the intra-op thread count
/// (which sets how reductions are split) makes the arithmetic the same wherever AVX2 exists. The variables must be in
/// the native environment before libtorch initialises, so they are set with libc's setenv (.NET's
/// Environment.SetEnvironmentVariable does not reach native getenv on Linux) when this library loads. A value the
/// user already set wins. The oneDNN pin still matters with the conv2d guard (docs/convolutions.md): the published
/// MS CLAP 2022/2023 and fused HTSAT audio embeddings differ in their last bits between oneDNN's AVX2 and AVX-512
/// paths (measured on an AVX-512 machine), and the guard reads the pinned ISA to know which channel counts oneDNN
/// pads.</summary>
public static class Determinism
{
    public static readonly IReadOnlyList<(string Name, string Value)> CpuPaths =
    [
        ("MKL_CBWR", "AVX2"), ("ATEN_CPU_CAPABILITY", "avx2"), ("ONEDNN_MAX_CPU_ISA", "AVX2"),
    ];

    /// <summary>Intra-op threads of training and evaluation in `reproduce` (the reference machine's two
    /// cores).</summary>
    public const int Threads = 2;

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnv(string name, string value, int overwrite);

    [DllImport("libc", EntryPoint = "getenv")]
    private static extern IntPtr GetEnv(string name);

    /// <summary>A variable as native code (libtorch, oneDNN) reads it: on Linux it can differ from .NET's copy
    /// (a variable set empty before the process started stays empty natively, see PinCpuPaths).</summary>
    internal static string? NativeValue(string name) =>
        OperatingSystem.IsLinux() ? Marshal.PtrToStringAnsi(GetEnv(name)) : Environment.GetEnvironmentVariable(name);

#pragma warning disable CA2255 // a module initializer is the point: before any TorchSharp call of this library
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void OnLoad() => PinCpuPaths();

    /// <summary>Idempotent; call first thing in a process that may touch TorchSharp before this library.</summary>
    public static void PinCpuPaths()
    {
        if (!OperatingSystem.IsLinux()) return;
        foreach (var (name, value) in CpuPaths)
        {
            if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name))) continue;
            SetEnv(name, value, 0);
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    /// <summary>The pinned settings as they are in this process, for results.json.</summary>
    public static IReadOnlyDictionary<string, string> Current() =>
        CpuPaths.ToDictionary(p => p.Name, p => Environment.GetEnvironmentVariable(p.Name) ?? "");

    public static void PinThreads() => TorchSharp.torch.set_num_threads(Threads);
}
