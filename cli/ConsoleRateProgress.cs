using System.Diagnostics;
using System.Globalization;

namespace HumanClap.Cli;

/// <summary>A one-line progress bar on stderr for long runs (done/total, rate, ETA), redrawn in place at most a few
/// times a second; silent when stderr is not a terminal, so logs and captured output stay clean.</summary>
public sealed class ConsoleRateProgress(int total, string unit) : IProgress<int>
{
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(250);

    private readonly bool _interactive = !Console.IsErrorRedirected;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _lastDraw = TimeSpan.MinValue;
    private bool _drawn;

    public void Report(int done)
    {
        if (!_interactive || (done < total && _clock.Elapsed - _lastDraw < RedrawInterval)) return;
        _lastDraw = _clock.Elapsed;
        Console.Error.Write("\r" + Line(done, total, _clock.Elapsed.TotalSeconds, unit) + "   ");
        _drawn = true;
    }

    /// <summary>Ends the bar's line (only if one was drawn).</summary>
    public void Finish()
    {
        if (_drawn) Console.Error.WriteLine();
    }

    /// <summary>E.g. <c>[#######.......] 1200/5000 pairs  85.3 pairs/s  ETA 0:44</c>.</summary>
    public static string Line(int done, int total, double seconds, string unit)
    {
        const int width = 30;
        int filled = total == 0 ? width : (int)((long)width * done / total);
        double rate = seconds > 0 ? done / seconds : 0;
        string eta = rate > 0 ? TimeSpan.FromSeconds(Math.Round((total - done) / rate)).ToString(@"h\:mm\:ss") : "?";
        return string.Create(CultureInfo.InvariantCulture,
            $"[{new string('#', filled)}{new string('.', width - filled)}] {done}/{total} {unit}  " +
            $"{rate:F1} {unit}/s  ETA {eta}");
    }
}
