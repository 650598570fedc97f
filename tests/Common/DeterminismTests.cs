using System.Runtime.InteropServices;
using HumanClap.Common;

namespace HumanClap.Tests.Common;

/// <summary>The CPU code-path pins reach the native environment that libtorch, MKL and oneDNN read.</summary>
public sealed class DeterminismTests
{
    [DllImport("libc", EntryPoint = "getenv")]
    private static extern IntPtr NativeGetEnv(string name);

    [Fact]
    public void PinsAreVisibleToNativeCode()
    {
        Determinism.PinCpuPaths();
        foreach (var (name, _) in Determinism.CpuPaths)
        {
            var native = Marshal.PtrToStringAnsi(NativeGetEnv(name));
            // A value set before the process started wins; otherwise ours is there.
            Assert.Equal(Environment.GetEnvironmentVariable(name), native);
            Assert.False(string.IsNullOrEmpty(native), name);
        }
    }
}
