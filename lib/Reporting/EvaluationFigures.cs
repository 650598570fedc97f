using HumanClap.Evaluation;
using Plotly.NET;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;

namespace HumanClap.Reporting;

/// <summary>The charts of an evaluation report.</summary>
public static class EvaluationFigures
{
    /// <summary>Mean CLAPScore per system, one bar per backbone, with its 95% interval as error bars.</summary>
    public static GenericChart SystemMeans(EvaluationResults r)
    {
        var charts = r.Backbones.Select(b =>
        {
            var means = r.Systems.Select(s => r.Means.FirstOrDefault(m => m.Backbone == b && m.System == s))
                .ToList();
            var y = means.Select(m => m?.ClapScore.Estimate ?? double.NaN).ToArray();
            var up = means.Select(m => m is null ? 0 : m.ClapScore.Upper - m.ClapScore.Estimate).ToArray();
            var down = means.Select(m => m is null ? 0 : m.ClapScore.Estimate - m.ClapScore.Lower).ToArray();
            var bars = Chart.Column<double, string, string>(y, r.Systems.ToArray(), Name: b);
            return ErrorBars.OnY(bars, up, down);
        });
        return Titled(Chart.Combine(charts)
            .WithXAxisStyle<double, double, string>(TitleText: "system")
            .WithYAxisStyle<double, double, string>(TitleText: "mean CLAPScore (95% interval over prompts)"),
            "Systems × backbones");
    }

    /// <summary>One backbone's CLAPScore against the listeners' mean rating, clip by clip.</summary>
    public static GenericChart ScoreVsRating(EvaluationResults r, IReadOnlyList<ClipScore> scores,
        ListenerRatings ratings, string backbone)
    {
        var rated = scores.Where(s => s.Backbone == backbone && s.Cosine is not null
                                      && ratings.Means.ContainsKey(s.Clip)).ToList();
        var agreement = r.Listeners!.Backbones.Single(b => b.Backbone == backbone);
        var charts = rated.GroupBy(s => s.Clip.System).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Chart.Point<double, double, string>(g.Select(s => ratings.Means[s.Clip]).ToArray(),
                g.Select(s => s.ClapScore!.Value).ToArray(), Name: g.Key, Opacity: 0.6));
        return Titled(Chart.Combine(charts)
            .WithXAxisStyle<double, double, string>(TitleText: "mean rating (0–1)")
            .WithYAxisStyle<double, double, string>(TitleText: $"CLAPScore ({backbone})"),
            $"{backbone} against the listeners (SRCC {ReportTable.Number(agreement.Srcc.Estimate)}, " +
            $"N {agreement.Pairs})");
    }

    /// <summary>Kendall's τ between every two judges' rankings of the systems (backbones and listeners).</summary>
    public static GenericChart RankingAgreement(EvaluationResults r)
    {
        var judges = r.Rankings.Select(k => k.Judge).ToArray();
        var z = judges.Select(a => judges.Select(b => a == b ? 1.0
            : r.RankAgreements.First(x => x.JudgeA == a && x.JudgeB == b || x.JudgeA == b && x.JudgeB == a)
                .KendallTau).ToArray()).ToArray();
        return Titled(Chart.Heatmap<double, string, string, string>(zData: z, X: judges, Y: judges,
                ColorScale: StyleParam.Colorscale.RdBu, ReverseScale: true),
            "Ranking agreement (Kendall's τ between the judges' system rankings)");
    }

    private static GenericChart Titled(GenericChart chart, string title) =>
        Plotly.NET.Chart.withTitle(title, null).Invoke(chart).WithSize(1000, 480);
}
