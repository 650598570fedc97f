namespace HumanClap.Tooling.Benchmarks;

/// <summary>
/// Peak resident memory of one stretch of work, from Linux's high-water mark: <see cref="Reset"/> returns freed heap
/// pages to the OS (so memory retained by earlier work does not count) and resets VmHWM to the current RSS;
/// <see cref="PeakGiB"/> reads VmHWM. Unlike a time, the figure does not depend on how loaded the machine is.
/// Elsewhere (no /proc) it falls back to the process's lifetime peak working set.
/// </summary>
public static class PeakMemory
{
    private const string Status = "/proc/self/status", ClearRefs = "/proc/self/clear_refs";

    /// <summary>True when the high-water mark can be reset (Linux with a writable clear_refs).</summary>
    public static bool Resettable { get; private set; } = File.Exists(ClearRefs);

    public static void Reset()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Common.NativeHeap.Trim();
        if (!Resettable) return;
        try { File.WriteAllText(ClearRefs, "5"); } // 5 = reset the peak RSS (proc(5))
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { Resettable = false; }
    }

    /// <summary>Peak resident set since the last <see cref="Reset"/>, in GiB.</summary>
    public static double PeakGiB()
    {
        if (Resettable && File.Exists(Status))
            foreach (var line in File.ReadLines(Status))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / (1024.0 * 1024);
        return System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024 * 1024);
    }
}
