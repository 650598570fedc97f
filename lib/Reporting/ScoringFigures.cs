using HumanClap.Scoring;
using Plotly.NET;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;

namespace HumanClap.Reporting;

/// <summary>Figures of scoring results.</summary>
public static class ScoringFigures
{
    /// <summary>The clips × texts cosines as a heatmap (texts across, clips down).</summary>
    public static GenericChart Heatmap(SimilarityMatrix matrix)
    {
        var clips = matrix.Audio.Select(Path.GetFileName).Select(n => n ?? "").ToArray();
        return Chart.Heatmap<double, string, string, string>(zData: matrix.Rows(), X: matrix.Texts.ToArray(),
                Y: clips, ColorScale: StyleParam.Colorscale.Viridis)
            .WithXAxisStyle<double, double, string>(TitleText: "text")
            .WithYAxisStyle<double, double, string>(TitleText: "audio clip");
    }
}
