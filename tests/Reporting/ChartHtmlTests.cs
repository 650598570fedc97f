using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using HumanClap.Audio;
using HumanClap.Reporting;
using HumanClap.Tests.Common;
using HumanClap.Tests.Support;
using Plotly.NET;

namespace HumanClap.Tests.Reporting;

/// <summary>Charts render offline: the vendored plotly.js is the recorded file, pages inline it, notebooks carry it
/// compressed once, and nothing points at a CDN.</summary>
public class ChartHtmlTests
{
    private static readonly string Vendored = Path.Combine(Fixtures.RepoRoot, "lib", "Reporting", "PlotlyJs");

    private static GenericChart Sample(string title = "CLAP") =>
        RatingsFigures.ScorerScatter([0.1, 0.5, 0.9], [0.2, 0.4, 0.95], title);

    [Fact]
    public void The_embedded_bundle_is_the_vendored_file_with_the_recorded_sha256()
    {
        var file = File.ReadAllBytes(Path.Combine(Vendored, "plotly-cartesian.min.js"));
        var recorded = Regex.Match(File.ReadAllText(Path.Combine(Vendored, "README.md")), "`([0-9a-f]{64})`")
            .Groups[1].Value;
        Assert.Equal(recorded, Convert.ToHexStringLower(SHA256.HashData(file)));
        Assert.Equal(Encoding.UTF8.GetString(file), ChartHtml.PlotlyScript);
        Assert.Contains($"v{ChartHtml.PlotlyJsVersion}", ChartHtml.PlotlyScript[..300]);
    }

    [Fact]
    public void A_saved_page_inlines_plotly_and_loads_nothing_from_the_network()
    {
        var path = Path.Combine(TestPaths.TempDir(), "chart.html");
        FigureExport.SaveHtml(Sample(), path);
        var html = File.ReadAllText(path);
        Assert.Contains(ChartHtml.PlotlyScript, html);
        Assert.Contains("Plotly.newPlot", html);
        Assert.DoesNotMatch("""<script[^>]*\bsrc\s*=""", html);
        // (The bundle itself names cdn.plot.ly as the default for geo topojson, a trace type it does not contain.)
        Assert.DoesNotContain("cdn.plot.ly", html.Replace(ChartHtml.PlotlyScript, ""));
    }

    [Fact]
    public void The_notebook_loader_unpacks_to_the_bundle_and_is_well_under_the_notebook_limit()
    {
        var loader = ChartHtml.CompressedLoader;
        Assert.True(loader.Length < 700_000, $"loader is {loader.Length} characters");
        var base64 = Regex.Match(loader, "var packed = \"([A-Za-z0-9+/=]+)\"").Groups[1].Value;
        using var gzip = new GZipStream(new MemoryStream(Convert.FromBase64String(base64)), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        Assert.Equal(ChartHtml.PlotlyScript, reader.ReadToEnd());
        Assert.Contains("DecompressionStream(\"gzip\")", loader);
    }

    [Fact]
    public void A_fragment_draws_with_the_pages_plotly_and_cannot_close_its_script_early()
    {
        var fragment = ChartHtml.Fragment(Sample("a </script> title"));
        Assert.Contains("window.Plotly.newPlot", fragment);
        Assert.Contains("humanclapPlotlyQueue", fragment);
        Assert.Single(Regex.Matches(fragment, "</script>"));
        Assert.True(fragment.Length < 20_000, $"a three-point chart takes {fragment.Length} characters");
    }

    [Fact]
    public void Outside_a_kernel_charts_go_to_files_and_say_where()
    {
        Assert.False(InteractiveKernel.IsActive);
        var dir = TestPaths.TempDir();
        var output = FigureOutput.ToFolder("test", dir);
        var console = new StringWriter();
        var previous = Console.Out;
        Console.SetOut(console);
        try { output.Chart(Sample(), "scatter"); }
        finally { Console.SetOut(previous); }
        Assert.True(File.Exists(Path.Combine(dir, "scatter.html")));
        Assert.Contains($"figure: {Path.Combine(dir, "scatter.html")}", console.ToString());
    }

    [Fact]
    public void Score_histograms_do_not_grow_with_the_number_of_ratings()
    {
        static string Json(int n) => GenericChart.toJson(RatingsFigures.ScoreHistograms(Enumerable.Range(0, n)
            .Select(i => new HumanClap.Ratings.Rating($"l{i % 300}", $"/tango/test/{i}.wav", "t", i % 11, false,
                i % 2 == 0 ? "tango" : "natural", "test", "test", i % 7)).ToList()));
        var (small, large) = (Json(1_000), Json(20_000));
        Assert.True(Math.Abs(large.Length - small.Length) < 200, $"{small.Length} vs {large.Length} characters");
        Assert.Contains("tango", large);
    }

    [Fact]
    public void A_spectrogram_of_a_ten_second_clip_stays_small()
    {
        var extractor = ClapFeatureExtractor.FromPretrained(Fixtures.Checkpoint("tiny_unfused"));
        var wave = AudioLoader.Load(Path.Combine(Fixtures.Checkpoint("tiny_unfused"), "beeps_10s.wav"),
            new AudioLoadOptions { TargetSampleRate = extractor.Config.SamplingRate });
        var json = GenericChart.toJson(AudioFigures.MelSpectrogram(extractor, wave, "beeps"));
        Assert.True(json.Length < 150_000, $"spectrogram JSON is {json.Length} characters");
    }
}
