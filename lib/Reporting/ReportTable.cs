using System.Net;
using System.Text;

namespace HumanClap.Reporting;

/// <summary>A small table of already formatted cells, written as Markdown or as HTML (reports).</summary>
public sealed record ReportTable(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    /// <summary>A number as the reports print it, whatever the machine's culture: three decimals, "–" for NaN.
    /// </summary>
    internal static string Number(double x) =>
        double.IsNaN(x) ? "–" : x.ToString("F3", System.Globalization.CultureInfo.InvariantCulture);

    public string ToMarkdown()
    {
        var sb = new StringBuilder();
        sb.Append("| ").AppendJoin(" | ", Header.Select(Escape)).Append(" |\n");
        sb.Append('|').AppendJoin("|", Header.Select(_ => "---")).Append("|\n");
        foreach (var row in Rows) sb.Append("| ").AppendJoin(" | ", row.Select(Escape)).Append(" |\n");
        return sb.ToString();
    }

    public string ToHtml()
    {
        var sb = new StringBuilder("<table>\n<thead><tr>");
        foreach (var h in Header) sb.Append("<th>").Append(WebUtility.HtmlEncode(h)).Append("</th>");
        sb.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in Rows)
        {
            sb.Append("<tr>");
            foreach (var cell in row) sb.Append("<td>").Append(WebUtility.HtmlEncode(cell)).Append("</td>");
            sb.Append("</tr>\n");
        }
        return sb.Append("</tbody>\n</table>\n").ToString();
    }

    private static string Escape(string cell) => cell.Replace("|", "\\|").Replace("\n", " ");
}
