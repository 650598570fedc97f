namespace HumanClap.Tooling.Benchmarks;

/// <summary>
/// When a benchmark run is quiet enough for its numbers to describe this code rather than the machine's other load:
/// no runnable task waited for a CPU more than <see cref="MaxStallShare"/> of the time, and no measure's rounds
/// scatter by more than <see cref="MaxDispersion"/> (median absolute deviation over the median). The robust
/// dispersion replaced max − min (still printed): on the shared virtual machine here one round in three is often
/// 20-30% slow with nothing else running in the machine (stall share 2-3%), which max − min turned into a refusal of
/// every run while the medians did not move.
/// </summary>
public static class QuietRun
{
    public const double MaxStallShare = 0.05, MaxDispersion = 0.05;
    /// <summary>The old criterion, for results saved before the dispersion was recorded.</summary>
    public const double MaxSpread = 0.10;

    /// <summary>Why the run counts as disturbed, or null for a quiet run.</summary>
    public static string? Disturbance(double? stallShare, double maxSpread, double? maxDispersion,
        string? noisiest = null) =>
        stallShare is not double stall ? "CPU pressure unknown (no /proc/pressure/cpu)"
        : stall > MaxStallShare
            ? $"CPU stall share {stall:P0} > {MaxStallShare:P0} (other processes competed for the cores)"
        : maxDispersion is double d
            ? d > MaxDispersion ? $"repeat dispersion {d:P1} ({noisiest}) > {MaxDispersion:P0}" : null
        : maxSpread > MaxSpread ? $"repeat spread {maxSpread:P0} > {MaxSpread:P0}"
        : null;
}
