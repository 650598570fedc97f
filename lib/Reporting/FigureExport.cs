using HumanClap.Common;
using Microsoft.FSharp.Core;
using Plotly.NET;
using Plotly.NET.ImageExport;

namespace HumanClap.Reporting;

/// <summary>Writes figures to disk: HTML always (the vendored plotly.js inlined, so it opens offline; see
/// <see cref="ChartHtml"/>), PNG when a browser is available.</summary>
internal static class FigureExport
{
    /// <summary>Browser used for PNG export; override with HUMANCLAP_CHROMIUM.</summary>
    public static string BrowserPath => Environment.GetEnvironmentVariable("HUMANCLAP_CHROMIUM") ?? "/usr/bin/chromium";

    public static void SaveHtml(GenericChart chart, string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        AtomicFile.WriteAllText(path, ChartHtml.Page(chart, Path.GetFileNameWithoutExtension(path)));
    }

    /// <summary>True, with the reason, when there is no browser to render with.</summary>
    internal static bool BrowserMissing(out string? why)
    {
        why = File.Exists(BrowserPath) ? null
            : $"no browser at {BrowserPath} (install Debian's chromium or set HUMANCLAP_CHROMIUM)";
        return why is not null;
    }

    /// <summary>PNG via Plotly.NET.ImageExport and a local chromium; false (with the reason) when that is not
    /// possible.</summary>
    public static bool TrySavePng(GenericChart chart, string path, out string? why)
    {
        if (BrowserMissing(out why)) return false;
        try
        {
            PuppeteerSharpRendererOptions.localBrowserExecutablePath = FSharpOption<string>.Some(BrowserPath);
            PuppeteerSharpRendererOptions.launchOptions.Args = ["--no-sandbox"];
            var full = Path.GetFullPath(path);
            if (!full.EndsWith(".png", StringComparison.OrdinalIgnoreCase)) full += ".png";
            why = null;
            // Exported to a temporary name, then renamed: a failed export never leaves a partial PNG.
            // ImageExport appends ".png" itself.
            return AtomicFile.Produce(full, tmp =>
            {
                Inline(chart).SavePNG(tmp[..^4], null, FSharpOption<int>.Some(900), FSharpOption<int>.Some(600));
                return true;
            });
        }
        catch (Exception e)
        {
            why = $"PNG export failed: {e.GetBaseException().Message}";
            return false;
        }
    }

    // Plotly.NET's own full plotly.js inlined for the PNG renderer: a CDN reference needs network, and headless export
    // waits for it and times out.
    private static GenericChart Inline(GenericChart chart) =>
        Chart.withDisplayOptions(DisplayOptions.init(null, null, null, null, null, null,
            FSharpOption<PlotlyJSReference>.Some(PlotlyJSReference.Full))).Invoke(chart);
}
