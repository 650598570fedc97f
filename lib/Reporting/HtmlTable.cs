using System.Globalization;
using System.Net;
using System.Text;
using Deedle;
using HumanClap.Scoring;

namespace HumanClap.Reporting;

/// <summary>Bounded HTML tables for notebooks: score rows, Deedle frames and series. A frame left as a cell's value
/// would otherwise render as megabytes of HTML; here at most <see cref="DefaultMaxRows"/> rows are shown and the
/// rest counted.</summary>
public static class HtmlTable
{
    public const int DefaultMaxRows = 20;

    public static string ScoredPairs(IEnumerable<ScoredPair> rows, int maxRows = DefaultMaxRows)
    {
        var list = rows.ToList();
        var body = list.Take(maxRows).Select(p => new[]
        {
            p.Index.ToString(CultureInfo.InvariantCulture), Path.GetFileName(p.Audio), p.Text,
            Number(p.Cosine), Number(p.ClapScore), p.Error ?? "",
        });
        return Render(["#", "audio", "text", "cosine", "CLAPScore", "error"], body, list.Count);
    }

    public static string Frame<TRow, TColumn>(Frame<TRow, TColumn> frame, int maxRows = DefaultMaxRows)
    {
        var columns = frame.ColumnKeys.ToList();
        var body = frame.RowKeys.Take(maxRows).Select(key =>
        {
            var row = frame.Rows[key];
            return new[] { Cell(key) }.Concat(columns.Select(c => row.TryGetAs<object>(c) is { HasValue: true } v
                ? Cell(v.Value) : "")).ToArray();
        });
        return Render(new[] { "" }.Concat(columns.Select(c => Cell(c))).ToArray(), body, frame.RowCount);
    }

    public static string Series<TKey, TValue>(Series<TKey, TValue> series, int maxRows = DefaultMaxRows)
    {
        var body = series.Keys.Take(maxRows).Select(key =>
            new[] { Cell(key), series.TryGet(key) is { HasValue: true } v ? Cell(v.Value) : "" });
        return Render(["key", "value"], body, series.KeyCount);
    }

    private static string Render(IReadOnlyList<string> header, IEnumerable<string[]> rows, int total)
    {
        var html = new StringBuilder("<table><thead><tr>");
        foreach (var h in header) html.Append("<th>").Append(WebUtility.HtmlEncode(h)).Append("</th>");
        html.Append("</tr></thead><tbody>");
        int shown = 0;
        foreach (var row in rows)
        {
            shown++;
            html.Append("<tr>");
            foreach (var cell in row) html.Append("<td>").Append(WebUtility.HtmlEncode(cell)).Append("</td>");
            html.Append("</tr>");
        }
        html.Append("</tbody></table>");
        if (total > shown)
            html.Append($"<div><em>{shown} of {total} rows shown</em></div>");
        return html.ToString();
    }

    private static string Number(double? value) =>
        value?.ToString("0.0000", CultureInfo.InvariantCulture) ?? "";

    private static string Cell(object? value) => value switch
    {
        null => "",
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        float f => f.ToString("G6", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
