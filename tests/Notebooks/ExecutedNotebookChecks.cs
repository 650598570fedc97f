using System.Text.Json;
using System.Text.RegularExpressions;

namespace HumanClap.Tests.Notebooks;

/// <summary>What every executed notebook must satisfy, whichever tool executed it: under 1 MB, charts that render
/// offline (no script loaded from http(s)), and plotly.js carried once (by the first chart) rather than per
/// chart.</summary>
public static partial class ExecutedNotebookChecks
{
    public const long MaxBytes = 1_000_000;

    [GeneratedRegex("""<script[^>]*\bsrc\s*=\s*["']?\s*(https?:)?//""", RegexOptions.IgnoreCase)]
    private static partial Regex RemoteScript();

    public static void AssertSmallAndOffline(string executedNotebook)
    {
        var size = new FileInfo(executedNotebook).Length;
        Assert.True(size < MaxBytes, $"{executedNotebook}: {size} bytes, over the {MaxBytes} limit");
        var html = HtmlOutputs(executedNotebook).ToList();
        foreach (var output in html)
            Assert.False(RemoteScript().IsMatch(output),
                $"{executedNotebook}: an output loads a script from the network");
        int charts = html.Count(h => h.Contains("Plotly.newPlot", StringComparison.Ordinal));
        int loaders = html.Count(h => h.Contains("humanclapPlotlyLoading", StringComparison.Ordinal));
        if (charts > 0)
            Assert.True(loaders == 1,
                $"{executedNotebook}: {charts} charts carry plotly.js {loaders} times (expected once)");
    }

    private static IEnumerable<string> HtmlOutputs(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        foreach (var cell in doc.RootElement.GetProperty("cells").EnumerateArray())
        {
            if (!cell.TryGetProperty("outputs", out var outputs)) continue;
            foreach (var output in outputs.EnumerateArray())
                if (output.TryGetProperty("data", out var data) && data.TryGetProperty("text/html", out var html))
                    yield return html.ValueKind == JsonValueKind.Array
                        ? string.Concat(html.EnumerateArray().Select(l => l.GetString()))
                        : html.GetString() ?? "";
        }
    }
}
