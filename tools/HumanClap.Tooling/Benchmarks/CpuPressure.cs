using System.Globalization;

namespace HumanClap.Tooling.Benchmarks;

/// <summary>Linux pressure stall information: how long runnable tasks waited for a CPU ("some" line of
/// /proc/pressure/cpu, cumulative microseconds). Over a benchmark, waited time / wall time is the share of the run
/// during which something was kept from running: other processes were competing for the cores.</summary>
public static class CpuPressure
{
    public const string File = "/proc/pressure/cpu";

    /// <summary>Cumulative "some" stall in microseconds, or null where PSI is not available.</summary>
    public static long? SomeTotalMicroseconds(string path = File)
    {
        try
        {
            foreach (var line in System.IO.File.ReadLines(path))
            {
                if (!line.StartsWith("some ")) continue;
                var total = line.Split(' ').FirstOrDefault(f => f.StartsWith("total="));
                return total is null ? null : long.Parse(total[6..], CultureInfo.InvariantCulture);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException) { }
        return null;
    }

    /// <summary>Stall share of a span measured with two readings of <see cref="SomeTotalMicroseconds"/>.</summary>
    public static double? StallShare(long? before, long? after, TimeSpan wall) =>
        before is long b && after is long a && wall > TimeSpan.Zero ? (a - b) / (wall.TotalMilliseconds * 1000) : null;
}
