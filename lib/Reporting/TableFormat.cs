using System.Globalization;
using System.Text;
using Deedle;
using HumanClap.Common;

namespace HumanClap.Reporting;

/// <summary>Renders a report table (Deedle frame, row keys = scorers/subsets, column keys = metrics) as Markdown, CSV
/// or LaTeX.</summary>
public static class TableFormat
{
    public static string ToMarkdown(Frame<string, string> frame, int decimals = 3, string rowHeader = "")
    {
        var cols = frame.ColumnKeys.ToList();
        var sb = new StringBuilder();
        sb.AppendLine("| " + string.Join(" | ", cols.Prepend(rowHeader)) + " |");
        sb.AppendLine("|" + string.Concat(Enumerable.Repeat("---|", cols.Count + 1)));
        foreach (var row in frame.RowKeys)
            sb.AppendLine("| " + string.Join(" | ", cols.Select(c => Cell(frame, row, c, decimals, "n/a")).Prepend(row))
                          + " |");
        return sb.ToString();
    }

    public static string ToCsv(Frame<string, string> frame, int decimals = 6, string rowHeader = "name")
    {
        var cols = frame.ColumnKeys.ToList();
        var sb = new StringBuilder();
        sb.AppendLine(string.Join(",", cols.Prepend(rowHeader).Select(CsvIO.Quote)));
        foreach (var row in frame.RowKeys)
            sb.AppendLine(string.Join(",",
                cols.Select(c => CsvIO.Quote(Cell(frame, row, c, decimals, ""))).Prepend(CsvIO.Quote(row))));
        return sb.ToString();
    }

    /// <summary>A booktabs tabular (needs \usepackage{booktabs}); special characters escaped.</summary>
    public static string ToLatex(Frame<string, string> frame, int decimals = 3, string rowHeader = "")
    {
        var cols = frame.ColumnKeys.ToList();
        var sb = new StringBuilder();
        sb.AppendLine(@"\begin{tabular}{l" + new string('r', cols.Count) + "}");
        sb.AppendLine(@"\toprule");
        sb.AppendLine(string.Join(" & ", cols.Prepend(rowHeader).Select(Escape)) + @" \\");
        sb.AppendLine(@"\midrule");
        foreach (var row in frame.RowKeys)
            sb.AppendLine(string.Join(" & ",
                cols.Select(c => Escape(Cell(frame, row, c, decimals, "--"))).Prepend(Escape(row))) + @" \\");
        sb.AppendLine(@"\bottomrule");
        sb.AppendLine(@"\end{tabular}");
        return sb.ToString();
    }

    /// <summary>One cell as text: integers as is, doubles with fixed decimals (invariant culture), missing/NaN as
    /// <paramref name="missing"/>.</summary>
    public static string Cell(Frame<string, string> frame, string row, string column, int decimals, string missing)
    {
        var value = frame.GetColumn<object>(column).TryGet(row);
        if (!value.HasValue) return missing;
        return value.Value switch
        {
            double d when double.IsNaN(d) => missing,
            double d => d.ToString("F" + decimals, CultureInfo.InvariantCulture),
            float f => ((double)f).ToString("F" + decimals, CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            var o => o?.ToString() ?? missing,
        };
    }

    private static string Escape(string s)
    {
        var sb = new StringBuilder();
        foreach (var ch in s)
            sb.Append(ch switch
            {
                '&' or '%' or '$' or '#' or '_' or '{' or '}' => "\\" + ch,
                '<' => "$<$", '>' => "$>$",
                '~' => @"\textasciitilde{}", '^' => @"\textasciicircum{}", '\\' => @"\textbackslash{}",
                _ => ch.ToString(),
            });
        return sb.ToString();
    }
}
