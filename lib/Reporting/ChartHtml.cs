using System.IO.Compression;
using System.Text;
using Plotly.NET;

namespace HumanClap.Reporting;

/// <summary>HTML for Plotly.NET charts that renders offline: plotly.js comes from the vendored partial bundle
/// (lib/Reporting/PlotlyJs, embedded in the library), never from a CDN.
/// <para>A standalone page carries the bundle as a plain script. A notebook carries it once, gzip-compressed and
/// base64-encoded (~0.6 MB instead of 1.4 MB), in the first chart's output; every chart script draws as soon as
/// <c>window.Plotly</c> exists and queues itself otherwise, so later charts reuse the one copy.</para></summary>
public static class ChartHtml
{
    public const string PlotlyJsVersion = "2.35.3";
    private const string ResourceName = "HumanClap.Reporting.plotly-cartesian.min.js";
    private static readonly Lazy<string> LazyScript = new(ReadScript);
    private static readonly Lazy<string> LazyLoader = new(BuildLoader);

    /// <summary>The vendored plotly.js bundle.</summary>
    public static string PlotlyScript => LazyScript.Value;

    /// <summary>A complete HTML page: the bundle inline, then the chart.</summary>
    public static string Page(GenericChart chart, string title) => Page(title, Fragment(chart) + "\n");

    /// <summary>A complete HTML page around <paramref name="body"/> (HTML, charts as <see cref="Fragment(GenericChart,
    /// string)"/>), the bundle inline in its head, with an optional style sheet.</summary>
    public static string Page(string title, string body, string? style = null) =>
        $"<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>{Escape(title)}</title>\n" +
        (style is null ? "" : $"<style>{style}</style>\n") +
        $"<script type=\"text/javascript\">{PlotlyScript}</script>\n</head>\n" +
        $"<body>\n{body}</body>\n</html>\n";

    /// <summary>The chart as a div and a script that draws it with the page's <c>window.Plotly</c>, waiting for the
    /// compressed bundle of <see cref="CompressedLoader"/> when it is still being unpacked.</summary>
    public static string Fragment(GenericChart chart) =>
        Fragment(chart, "humanclap-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary><see cref="Fragment(GenericChart)"/> with a given element id (a report that must be the same file on
    /// every run).</summary>
    public static string Fragment(GenericChart chart, string id)
    {
        // A "</script>" in a title must not end the script.
        var figure = GenericChart.toJson(chart).Replace("</", "<\\/");
        return $"<div id=\"{id}\">chart: waiting for plotly.js " +
               "(if this stays, run the notebook's first chart cell again)</div>\n" +
               "<script type=\"text/javascript\">\n(function () {\n" +
               $"  var figure = {figure};\n" +
               $"  function draw() {{ var div = document.getElementById(\"{id}\"); div.textContent = \"\";\n" +
               "    window.Plotly.newPlot(div, figure.data, figure.layout, figure.config); }\n" +
               "  if (window.Plotly) draw();\n" +
               "  else (window.humanclapPlotlyQueue = window.humanclapPlotlyQueue || []).push(draw);\n" +
               "})();\n</script>";
    }

    private static int _loaderShown;

    /// <summary>A chart as a notebook output: the first one of the process (a kernel runs one notebook) carries
    /// <see cref="CompressedLoader"/>, the later ones only their <see cref="Fragment"/>.</summary>
    public static string ForNotebook(GenericChart chart) =>
        (Interlocked.Exchange(ref _loaderShown, 1) == 0 ? CompressedLoader + "\n" : "") + Fragment(chart);

    /// <summary>A script that unpacks the gzip+base64 bundle with the browser's DecompressionStream, defines
    /// <c>window.Plotly</c> (hiding AMD/CommonJS loaders such as Jupyter's require.js so the bundle takes the global
    /// path), then draws the queued charts. It does nothing when the page already has plotly.js.</summary>
    public static string CompressedLoader => LazyLoader.Value;

    private static string BuildLoader()
    {
        using var packed = new MemoryStream();
        using (var gzip = new GZipStream(packed, CompressionLevel.SmallestSize, leaveOpen: true))
            gzip.Write(Encoding.UTF8.GetBytes(PlotlyScript));
        var base64 = Convert.ToBase64String(packed.ToArray());
        return "<script type=\"text/javascript\">\n(function () {\n" +
               "  if (window.Plotly || window.humanclapPlotlyLoading) return;\n" +
               "  window.humanclapPlotlyLoading = true;\n" +
               $"  var packed = \"{base64}\";\n" +
               "  var bytes = Uint8Array.from(atob(packed), function (c) { return c.charCodeAt(0); });\n" +
               "  var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream(\"gzip\"));\n" +
               "  new Response(stream).text().then(function (code) {\n" +
               "    var script = document.createElement(\"script\");\n" +
               "    script.textContent = \"(function (define, module, exports) {\\n\" + code + \"\\n})();\";\n" +
               "    document.head.appendChild(script);\n" +
               "    var queue = window.humanclapPlotlyQueue || [];\n" +
               "    window.humanclapPlotlyQueue = [];\n" +
               "    queue.forEach(function (draw) { draw(); });\n" +
               "  });\n})();\n</script>";
    }

    private static string ReadScript()
    {
        using var stream = typeof(ChartHtml).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the library lacks its embedded resource {ResourceName}");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static string Escape(string text) => System.Net.WebUtility.HtmlEncode(text);
}
