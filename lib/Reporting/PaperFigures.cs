using HumanClap.Experiments;
using Plotly.NET;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;

namespace HumanClap.Reporting;

/// <summary>Figures 1 and 3 of the paper (CLAPScore against the subjective score on the test pairs, 0..10 scale as
/// in the paper) and the training curves.</summary>
public static class PaperFigures
{
    public const string MseMae = "MSE+MAE", WsceMae = "wSCE+MAE";

    /// <summary>The baseline's scatter; with --compare models, one panel per model side by side (same axes), each
    /// titled with its SRCC and LCC on the test pairs (Section 2.3's correlations).</summary>
    public static GenericChart Figure1(ExperimentResults r)
    {
        if (r.Comparisons.Count == 0)
            return Scatter(r, r.Baseline, $"Figure 1: CLAPScore of {r.Baseline.Name} vs subjective score");
        var panels = r.Comparisons.Prepend(r.Baseline).ToList();
        var titles = panels.Select(m => (m.Name, All: m.Subset(Metrics.PairSubset.All.Key)))
            .Select(t => $"{t.Name} (SRCC {t.All.Srcc:F3}, LCC {t.All.Lcc:F3})").ToArray();
        var grid = Chart.Grid(panels.Select(m => Scatter(r, m, m.Name)), 1, panels.Count, SubPlotTitles: titles);
        return Plotly.NET.Chart.withTitle("Figure 1: CLAPScore vs subjective score", null).Invoke(grid);
    }

    public static GenericChart Figure3a(ExperimentResults r) =>
        Scatter(r, Require(r, MseMae), "Figure 3a: Human-CLAP trained with MSE+MAE");

    public static GenericChart Figure3b(ExperimentResults r) =>
        Scatter(r, Require(r, WsceMae), "Figure 3b: Human-CLAP trained with wSCE+MAE");

    /// <summary>Train (solid) and validation (dotted) loss per epoch of every trained model.</summary>
    public static GenericChart LossCurves(ExperimentResults r)
    {
        var charts = new List<GenericChart>();
        foreach (var m in r.Models.Where(m => m.History.Count > 0))
        {
            var epochs = m.History.Select(h => h.Epoch).ToArray();
            charts.Add(Chart.Line<int, double, string>(epochs, m.History.Select(h => h.TrainLoss).ToArray(),
                Name: $"{m.Name} train"));
            charts.Add(Chart.Line<int, double, string>(epochs, m.History.Select(h => h.ValidationLoss).ToArray(),
                Name: $"{m.Name} validation", LineDash: StyleParam.DrawingStyle.Dot));
        }
        return Plotly.NET.Chart.withTitle("Training curves", null).Invoke(Chart.Combine(charts)
            .WithXAxisStyle<double, double, string>(TitleText: "epoch")
            .WithYAxisStyle<double, double, string>(TitleText: "loss"));
    }

    private static GenericChart Scatter(ExperimentResults r, ModelResult m, string title) =>
        RatingsFigures.ScorerScatter(r.TestPairs.Select(p => p.Subjective01 * 10).ToArray(), m.ClapScores, title,
            "subjective score (mean rating, 0..10)", "CLAPScore");

    private static ModelResult Require(ExperimentResults r, string name) => r.Model(name)
        ?? throw new InvalidOperationException(
            $"the run has no '{name}' model (variants: {string.Join(", ", r.Models.Select(x => x.Name))})");
}
