using System.Diagnostics;
using HumanClap.Common;

namespace HumanClap.Reporting;

/// <summary>A PNG of a whole HTML page (a report) taken by headless Chromium, where one is installed.</summary>
public static class PageScreenshot
{
    /// <summary>False, with the reason, when there is no browser or it fails; the PNG is written atomically.</summary>
    public static bool TryCapture(string htmlPath, string pngPath, out string? why, int width = 1200, int height = 2400)
    {
        if (!File.Exists(FigureExport.BrowserPath))
        {
            why = $"no browser at {FigureExport.BrowserPath} (install Debian's chromium or set HUMANCLAP_CHROMIUM)";
            return false;
        }
        string? failure = null;
        bool ok = AtomicFile.Produce(Path.GetFullPath(pngPath), tmp =>
        {
            var psi = new ProcessStartInfo(FigureExport.BrowserPath)
            {
                RedirectStandardError = true, RedirectStandardOutput = true,
            };
            foreach (var a in new[]
                     {
                         "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                         $"--user-data-dir={Path.Combine(Path.GetTempPath(), "humanclap-chromium-" + Guid.NewGuid())}",
                         $"--window-size={width},{height}", "--virtual-time-budget=5000", $"--screenshot={tmp}",
                         new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri,
                     })
                psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            var stderr = p.StandardError.ReadToEndAsync();
            p.StandardOutput.ReadToEnd();
            if (!p.WaitForExit(TimeSpan.FromMinutes(2))) p.Kill(entireProcessTree: true);
            if (p.ExitCode == 0 && File.Exists(tmp)) return true;
            failure = $"chromium exited with {p.ExitCode}: {stderr.Result.Trim().Split('\n').LastOrDefault()}";
            return false;
        });
        why = ok ? null : failure;
        return ok;
    }
}
