namespace HumanClap.Tests.Support;

/// <summary>The CPU kind a run's exact numbers belong to: vendor and widest vector ISA, from /proc/cpuinfo. The
/// pinned code paths (lib/Common/Determinism.cs) make runs identical across machines of one kind, but not across
/// kinds: an AVX-512 Intel Xeon and an AVX2-only AMD EPYC give tiny runs that differ in the 6th digit with the same
/// pins (docs/results/README.md).</summary>
public static class MachineKind
{
    public static string Current
    {
        get
        {
            var lines = File.Exists("/proc/cpuinfo") ? File.ReadAllLines("/proc/cpuinfo") : [];
            string Field(string name) => lines.FirstOrDefault(l => l.StartsWith(name))?.Split(':', 2)[1].Trim() ?? "";
            var flags = Field("flags").Split(' ');
            var isa = flags.Contains("avx512f") ? "avx512" : flags.Contains("avx2") ? "avx2" : "other";
            return $"{Field("vendor_id")}-{isa}";
        }
    }

    /// <summary>The committed folder under <paramref name="results"/> named <paramref name="prefix"/>* whose
    /// machine.txt names this machine's kind, or null.</summary>
    public static string? CommittedRun(string results, string prefix) =>
        Directory.GetDirectories(results, prefix + "*").Order(StringComparer.Ordinal)
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "machine.txt"))
                                 && File.ReadAllText(Path.Combine(d, "machine.txt")).Trim() == Current);
}
