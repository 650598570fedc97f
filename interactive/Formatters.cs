using Deedle;
using HumanClap.Experiments;
using HumanClap.Reporting;
using HumanClap.Scoring;
using Microsoft.DotNet.Interactive.Formatting;
using Plotly.NET;

namespace HumanClap.Interactive;

/// <summary>HTML for what HumanClap users leave as a cell's value. Charts carry their own plotly.js (offline, once
/// per kernel: <see cref="ChartHtml.ForNotebook"/>) instead of Plotly.NET.Interactive's CDN script; frames and
/// series are bounded tables; score lists are tables; a run's results are its Table 1; clips are players; similarity
/// matrices are heatmaps.</summary>
internal static class Formatters
{
    private const string Html = "text/html";
    private static int _registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1) return;
        Formatter.Register<GenericChart>((chart, writer) => writer.Write(ChartHtml.ForNotebook(chart)), Html);
        Formatter.Register<IEnumerable<ScoredPair>>(
            (rows, writer) => writer.Write(HtmlTable.ScoredPairs(rows)), Html);
        Formatter.Register<ExperimentResults>((results, writer) =>
            writer.Write("<div><strong>Table 1</strong> (SRCC, LCC, MSE on the test set)</div>" +
                         HtmlTable.Frame(PaperTables.Table1(results))), Html);
        Formatter.Register<AudioClip>((clip, writer) => writer.Write(clip.ToHtml()), Html);
        Formatter.Register<IEnumerable<AudioClip>>(
            (clips, writer) => writer.Write(string.Concat(clips.Select(c => c.ToHtml()))), Html);
        Formatter.Register<SimilarityMatrix>(
            (matrix, writer) => writer.Write(ChartHtml.ForNotebook(ScoringFigures.Heatmap(matrix))), Html);
        Formatter.Register(typeof(Frame<,>),
            (value, writer) => writer.Write(GenericTable(nameof(HtmlTable.Frame), value)), Html);
        Formatter.Register(typeof(Series<,>),
            (value, writer) => writer.Write(GenericTable(nameof(HtmlTable.Series), value)), Html);
    }

    private static string GenericTable(string method, object value) =>
        (string)typeof(HtmlTable).GetMethod(method)!
            .MakeGenericMethod(value.GetType().GetGenericArguments())
            .Invoke(null, [value, HtmlTable.DefaultMaxRows])!;
}
