using Deedle;
using HumanClap.Experiments;
using HumanClap.Metrics;

namespace HumanClap.Reporting;

/// <summary>The paper's Tables 1-3 computed from an experiment, as Deedle frames (rows: scorers; columns: metrics).
/// Rows list the fine-tuned variants first and the baseline after them, as the paper does; comparison models (real
/// data, --compare) follow the baseline.</summary>
public static class PaperTables
{
    /// <summary>Table 1: SRCC, LCC and MSE on the whole test set, with bootstrap 95% intervals of the SRCC, the paired
    /// SRCC difference to the baseline with its p-value, and the noise ceiling as a last row.</summary>
    public static Frame<string, string> Table1(ExperimentResults r)
    {
        var rows = Ordered(r);
        var frame = Build(rows, [
            ("SRCC", m => MetricsOn(m, PairSubset.All).Srcc),
            ("SRCC 95% low", m => m.Intervals.Srcc.Lower),
            ("SRCC 95% high", m => m.Intervals.Srcc.Upper),
            ("LCC", m => MetricsOn(m, PairSubset.All).Lcc),
            ("MSE", m => MetricsOn(m, PairSubset.All).Mse),
            ("ΔSRCC vs baseline", m => m.VersusBaseline?.Difference ?? double.NaN),
            ("p (paired bootstrap)", m => m.VersusBaseline?.PValue ?? double.NaN),
        ]);
        var ceiling = Build(["noise ceiling (test)"], frame.ColumnKeys.Select(c => (c, (Func<string, double>)(_ =>
            c == "SRCC" ? r.TestNoiseCeiling.CeilingSrcc
            : c == "LCC" ? r.TestNoiseCeiling.CeilingLcc
            : double.NaN))).ToList());
        return frame.Merge(ceiling);
    }

    /// <summary>Table 2: SRCC on natural audio, on each text-to-audio system, and on all synthesized audio.</summary>
    public static Frame<string, string> Table2(ExperimentResults r) =>
        Build(Ordered(r), SrccColumns(PairSubset.Table2(r.TestPairs.Select(p => p.System))));

    /// <summary>Table 3: SRCC on pairs with subjective score > 5 and <= 5 (0..10 scale), all / natural /
    /// synthesized.</summary>
    public static Frame<string, string> Table3(ExperimentResults r) =>
        Build(Ordered(r), SrccColumns(PairSubset.Table3));

    /// <summary>One column a subset: its label over the SRCC on it.</summary>
    private static List<(string, Func<ModelResult, double>)> SrccColumns(IReadOnlyList<PairSubset> subsets) =>
        subsets.Select(s => (s.Label, (Func<ModelResult, double>)(m => MetricsOn(m, s).Srcc))).ToList();

    private static MetricSet MetricsOn(ModelResult m, PairSubset subset) => m.Subset(subset.Key);

    /// <summary>Fine-tuned variants, the baseline, then the --compare models (zero-shot, like the baseline).</summary>
    private static IReadOnlyList<ModelResult> Ordered(ExperimentResults r) =>
        [.. r.Models.Where(m => !m.IsBaseline), .. r.Models.Where(m => m.IsBaseline), .. r.Comparisons];

    private static Frame<string, string> Build(IReadOnlyList<ModelResult> rows,
        IReadOnlyList<(string Column, Func<ModelResult, double> Value)> columns)
    {
        var byName = rows.ToDictionary(m => m.Name);
        return Build(rows.Select(m => m.Name).ToList(),
            columns.Select(c => (c.Column, (Func<string, double>)(n => c.Value(byName[n])))).ToList());
    }

    private static Frame<string, string> Build(IReadOnlyList<string> rows,
        IReadOnlyList<(string Column, Func<string, double> Value)> columns) =>
        Frame.FromColumns(columns.Select(c => KeyValuePair.Create(c.Column,
            new Series<string, double>(rows, rows.Select(c.Value)))));
}
