using System.Runtime.CompilerServices;

namespace HumanClap.Tests.Support;

/// <summary>Tests compare numbers with committed ones: the CPU code paths are pinned before any test can load
/// libtorch (some touch TorchSharp before the library), exactly as the command line does.</summary>
internal static class PinNumerics
{
#pragma warning disable CA2255
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Pin() => HumanClap.Common.Determinism.PinCpuPaths();
}
