using System.Diagnostics;
using HumanClap.Common;

namespace HumanClap.Reporting;

/// <summary>A PNG of a whole HTML page (a report) taken by headless Chromium, where one is installed.</summary>
public static class PageScreenshot
{
    /// <summary>False, with the reason, when there is no browser or it fails; the PNG is written atomically.</summary>
    public static bool TryCapture(string htmlPath, string pngPath, out string? why, int width = 1200, int height = 2400)
    {
        if (FigureExport.BrowserMissing(out why)) return false;
        // A profile of its own, so a running browser's lock does not stop it; removed afterwards.
        var profile = Directory.CreateTempSubdirectory("humanclap-chromium-").FullName;
        try
        {
            string? failure = null;
            bool ok = AtomicFile.Produce(Path.GetFullPath(pngPath),
                tmp => Screenshot(htmlPath, tmp, profile, width, height, out failure));
            why = ok ? null : failure;
            return ok;
        }
        finally
        {
            try { Directory.Delete(profile, recursive: true); }
            catch (IOException) { } // a browser killed mid-write may still hold a file; the folder is in /tmp
        }
    }

    private static bool Screenshot(string htmlPath, string pngPath, string profile, int width, int height,
        out string? failure)
    {
        var psi = new ProcessStartInfo(FigureExport.BrowserPath)
        {
            RedirectStandardError = true, RedirectStandardOutput = true,
        };
        foreach (var a in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", $"--user-data-dir={profile}",
                     $"--window-size={width},{height}", "--virtual-time-budget=5000", $"--screenshot={pngPath}",
                     new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri,
                 })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
        }
        failure = p.ExitCode == 0 && File.Exists(pngPath) ? null
            : $"chromium exited with {p.ExitCode}: {stderr.Result.Trim().Split('\n').LastOrDefault()}";
        return failure is null;
    }
}
