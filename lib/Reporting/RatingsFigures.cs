using HumanClap.Metrics;
using HumanClap.Ratings;
using Plotly.NET;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;

namespace HumanClap.Reporting;

/// <summary>The figures of the ratings analysis, as Plotly.NET charts (save with <see cref="FigureExport"/>).</summary>
public static class RatingsFigures
{
    /// <summary>Score distribution per system, as percentages so systems with different counts compare. Binned
    /// here (one bar per score 0..10) rather than by plotly.js, so the chart stays a few kB however many ratings
    /// there are.</summary>
    public static GenericChart ScoreHistograms(IEnumerable<Rating> ratings)
    {
        var scores = Enumerable.Range(0, 11).ToArray();
        var charts = ratings.Where(r => !r.IsAnchor).GroupBy(r => r.System)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var counts = g.CountBy(r => r.Score).ToDictionary();
                double total = g.Count();
                var percent = scores.Select(s => Math.Round(100 * counts.GetValueOrDefault(s) / total, 2)).ToArray();
                return Chart.Column<double, int, string>(percent, scores, Name: g.Key, Opacity: 0.8);
            });
        return Titled(Chart.Combine(charts)
            .WithXAxisStyle<double, double, string>(TitleText: "score (0..10)")
            .WithYAxisStyle<double, double, string>(TitleText: "% of the system's ratings"), "Scores per system");
    }

    /// <summary>Each listener's mean anchor score, sorted, with the screening threshold as a horizontal line.</summary>
    public static GenericChart ListenerAnchorMeans(IReadOnlyDictionary<string, double> meanAnchorScore,
        double threshold)
    {
        var sorted = meanAnchorScore.Values.Order().ToArray();
        var rank = Enumerable.Range(1, sorted.Length).ToArray();
        var listeners = Chart.Point<int, double, string>(rank, sorted, Name: "listeners");
        var line = Chart.Line<int, double, string>(new[] { 0, sorted.Length + 1 }, new[] { threshold, threshold },
            Name: $"threshold {threshold:0.##}");
        int flagged = sorted.Count(s => s > threshold);
        return Titled(Chart.Combine([listeners, line])
            .WithXAxisStyle<double, double, string>(TitleText: "listener (sorted)")
            .WithYAxisStyle<double, double, string>(TitleText: "mean anchor score"),
            $"Mean anchor score per listener ({flagged} of {sorted.Length} above {threshold:0.##})");
    }

    /// <summary>How many screened ratings each pair has.</summary>
    public static GenericChart RatingsPerPair(IEnumerable<PairScore> pairs)
    {
        var counts = pairs.GroupBy(p => p.Count).OrderBy(g => g.Key).ToArray();
        return Titled(Chart.Column<int, int, string>(counts.Select(g => g.Count()).ToArray(),
                counts.Select(g => g.Key).ToArray())
            .WithXAxisStyle<double, double, string>(TitleText: "ratings per pair")
            .WithYAxisStyle<double, double, string>(TitleText: "pairs"), "Ratings per pair after screening");
    }

    /// <summary>A scorer against subjective scores (the form of the paper's Figures 1 and 3), SRCC/LCC in the title.
    /// </summary>
    public static GenericChart ScorerScatter(double[] subjective, double[] predicted, string title,
        string subjectiveAxis = "subjective score", string predictedAxis = "predicted score")
    {
        var m = Correlations.Evaluate(predicted, subjective);
        return Titled(Chart.Point<double, double, string>(subjective, predicted, Opacity: 0.5)
            .WithXAxisStyle<double, double, string>(TitleText: subjectiveAxis)
            .WithYAxisStyle<double, double, string>(TitleText: predictedAxis),
            $"{title} (SRCC {m.Srcc:F3}, LCC {m.Lcc:F3}, N {m.N})");
    }

    private static GenericChart Titled(GenericChart chart, string title) =>
        Plotly.NET.Chart.withTitle(title, null).Invoke(chart);
}
