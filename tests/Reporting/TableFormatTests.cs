using HumanClap.Metrics;
using HumanClap.Reporting;

namespace HumanClap.Tests.Reporting;

public class TableFormatTests
{
    private static Deedle.Frame<string, string> Table() => MetricsTables.FromSubsets([
        new SubsetMetrics("synthesized score>5", new MetricSet(12, 0.51234, 0.6, 0.01, 0.4)),
        new SubsetMetrics("all", new MetricSet(1, double.NaN, double.NaN, 0.25, double.NaN)),
    ]);

    [Fact]
    public void Markdown_keeps_row_order_integers_and_marks_missing()
    {
        var md = TableFormat.ToMarkdown(Table()).Split('\n');
        Assert.Equal("|  | N | SRCC | LCC | MSE | KendallTau |", md[0]);
        Assert.Equal("| synthesized score>5 | 12 | 0.512 | 0.600 | 0.010 | 0.400 |", md[2]);
        Assert.Equal("| all | 1 | n/a | n/a | 0.250 | n/a |", md[3]);
    }

    [Fact]
    public void Csv_has_a_header_and_empty_missing_cells()
    {
        var csv = TableFormat.ToCsv(Table(), decimals: 2).Split('\n');
        Assert.Equal("name,N,SRCC,LCC,MSE,KendallTau", csv[0]);
        Assert.Equal("all,1,,,0.25,", csv[2]);
    }

    [Fact]
    public void Latex_escapes_special_characters()
    {
        var tex = TableFormat.ToLatex(Table());
        Assert.Contains(@"synthesized score$>$5 & 12 & 0.512", tex);
        Assert.Contains(@"\toprule", tex);
        Assert.Contains("KendallTau", tex);
        var t2 = MetricsTables.FromRows([("a_b & c%", new Dictionary<string, object> { ["x"] = 1 })], ["x"]);
        Assert.Contains(@"a\_b \& c\%", TableFormat.ToLatex(t2));
    }
}
