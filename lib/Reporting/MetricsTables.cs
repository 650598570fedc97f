using Deedle;
using HumanClap.Metrics;

namespace HumanClap.Reporting;

/// <summary>Builds report tables as Deedle frames: rows are scorers or subsets, columns are metrics, in the given
/// order.</summary>
internal static class MetricsTables
{
    public static readonly string[] MetricColumns = ["N", "SRCC", "LCC", "MSE", "KendallTau"];

    public static Frame<string, string> FromSubsets(IReadOnlyList<SubsetMetrics> rows) =>
        FromMetricSets(rows.Select(r => (r.Subset, r.Metrics)));

    public static Frame<string, string> FromMetricSets(IEnumerable<(string Name, MetricSet Metrics)> rows) =>
        FromRows(rows.Select(r => (r.Name, (IReadOnlyDictionary<string, object>)new Dictionary<string, object>
        {
            ["N"] = r.Metrics.N, ["SRCC"] = r.Metrics.Srcc, ["LCC"] = r.Metrics.Lcc, ["MSE"] = r.Metrics.Mse,
            ["KendallTau"] = r.Metrics.KendallTau,
        })), MetricColumns);

    /// <summary>Each metric with its 95% bootstrap interval.</summary>
    public static Frame<string, string> FromIntervals(IEnumerable<(string Name, MetricIntervals Intervals)> rows) =>
        FromRows(rows.Select(r => (r.Name, (IReadOnlyDictionary<string, object>)new Dictionary<string, object>
        {
            ["N"] = r.Intervals.N,
            ["SRCC"] = r.Intervals.Srcc.Estimate,
            ["SRCC lo"] = r.Intervals.Srcc.Lower,
            ["SRCC hi"] = r.Intervals.Srcc.Upper,
            ["LCC"] = r.Intervals.Lcc.Estimate, ["LCC lo"] = r.Intervals.Lcc.Lower, ["LCC hi"] = r.Intervals.Lcc.Upper,
            ["MSE"] = r.Intervals.Mse.Estimate, ["MSE lo"] = r.Intervals.Mse.Lower, ["MSE hi"] = r.Intervals.Mse.Upper,
        })), ["N", "SRCC", "SRCC lo", "SRCC hi", "LCC", "LCC lo", "LCC hi", "MSE", "MSE lo", "MSE hi"]);

    /// <summary>General table: one row per (name, values); columns in the given order; a missing value stays
    /// missing.</summary>
    public static Frame<string, string> FromRows(
        IEnumerable<(string Name, IReadOnlyDictionary<string, object> Values)> rows, IReadOnlyList<string> columns)
    {
        var list = rows.ToList();
        var keys = list.Select(r => r.Name).ToArray();
        if (keys.Distinct().Count() != keys.Length)
            throw new ArgumentException("table row names must be unique: " + string.Join(", ", keys));
        var builder = new FrameBuilder.Columns<string, string>();
        foreach (var c in columns)
        {
            var present = list.Where(r => r.Values.ContainsKey(c)).ToList();
            builder.Add(c, new Series<string, object>(present.Select(r => r.Name), present.Select(r => r.Values[c])));
        }
        // Realign so rows keep the caller's order (Deedle may otherwise sort the union of keys).
        return builder.Frame.RealignRows(keys);
    }
}
