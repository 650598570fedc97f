using HumanClap.Ratings;
using HumanClap.Reporting;
using HumanClap.Tests.Common;

namespace HumanClap.Tests.Reporting;

public class FiguresTests
{
    [Fact]
    public void Scatter_title_carries_srcc_and_lcc_and_saves_as_html()
    {
        var chart = RatingsFigures.ScorerScatter([0.1, 0.5, 0.9], [0.2, 0.4, 0.95], "CLAP");
        var path = Path.Combine(TestPaths.TempDir(), "scatter.html");
        FigureExport.SaveHtml(chart, path);
        var html = File.ReadAllText(path);
        Assert.Contains("CLAP (SRCC 1.000, LCC", html);
        Assert.Contains("Plotly.newPlot", html);
    }

    [Fact]
    public void Ratings_figures_build_from_data()
    {
        var ratings = new List<Rating>
        {
            new("a", "/tango/test/1.wav", "t", 3, false, "tango", "test", "test", 2),
            new("a", "/audiocaps/test/1.wav", "t", 8, false, "natural", "test", "test", 3),
        };
        var dir = TestPaths.TempDir();
        FigureExport.SaveHtml(RatingsFigures.ScoreHistograms(ratings), Path.Combine(dir, "h.html"));
        var anchorMeans = new Dictionary<string, double> { ["a"] = 1, ["b"] = 3 };
        FigureExport.SaveHtml(RatingsFigures.ListenerAnchorMeans(anchorMeans, 2), Path.Combine(dir, "a.html"));
        FigureExport.SaveHtml(RatingsFigures.RatingsPerPair(PairAggregator.Aggregate(ratings)),
            Path.Combine(dir, "p.html"));
        Assert.Contains("1 of 2 above 2", File.ReadAllText(Path.Combine(dir, "a.html")));
        Assert.Contains("tango", File.ReadAllText(Path.Combine(dir, "h.html")));
    }

    [Fact]
    public void Png_export_either_writes_the_file_or_says_why_not()
    {
        var chart = RatingsFigures.ScorerScatter([0.1, 0.5, 0.9], [0.2, 0.4, 0.95], "CLAP");
        var path = Path.Combine(TestPaths.TempDir(), "scatter.png");
        if (FigureExport.TrySavePng(chart, path, out var why)) Assert.True(new FileInfo(path).Length > 1000);
        else Assert.False(string.IsNullOrWhiteSpace(why));
    }
}
