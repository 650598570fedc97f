using HumanClap.Reporting;

namespace HumanClap.Tests.Support;

/// <summary>A fact that needs a headless Chromium; skipped with a message where there is none.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (!File.Exists(FigureExport.BrowserPath))
            Skip = $"no Chromium at {FigureExport.BrowserPath} (install Debian's chromium or set HUMANCLAP_CHROMIUM)";
    }
}
