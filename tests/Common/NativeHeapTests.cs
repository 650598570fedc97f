using HumanClap.Common;

namespace HumanClap.Tests.Common;

/// <summary>glibc takes the heap settings (a value it refuses, such as an mmap threshold above 32 MiB, makes
/// mallopt return 0), and the opt-out leaves it alone.</summary>
public sealed class NativeHeapTests
{
    [Fact]
    public void GlibcTakesTheSettingsUnlessOptedOut()
    {
        if (!OperatingSystem.IsLinux()) return; // elsewhere it is a no-op by design
        Assert.True(NativeHeap.KeepFreedMemory());
        Environment.SetEnvironmentVariable(NativeHeap.OptOutVariable, "default");
        try { Assert.False(NativeHeap.KeepFreedMemory()); }
        finally { Environment.SetEnvironmentVariable(NativeHeap.OptOutVariable, null); }
    }
}
