using System.Globalization;
using System.Text;
using System.Text.Json;
using HumanClap.Common;
using HumanClap.Experiments;
using Plotly.NET;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;

namespace HumanClap.Reporting;

/// <summary>Writes a seed study's files: seeds.json (everything), tables/seeds.md and tables/seeds.csv, and
/// figures/seeds.html (each variant's SRCC gain per seed, with its mean and 95% t interval).</summary>
public static class SeedStudyReport
{
    public const string JsonFile = "seeds.json", TableName = "seeds";

    public static void Write(SeedStudyResults s, string studyDir)
    {
        AtomicFile.WriteAllText(Path.Combine(studyDir, JsonFile),
            JsonSerializer.Serialize(s, EvaluationReport.Json) + "\n");
        var tables = RunFolder.TablesDir(studyDir);
        Directory.CreateDirectory(tables);
        AtomicFile.WriteAllText(Path.Combine(tables, TableName + ".md"), Markdown(s));
        WriteCsv(Path.Combine(tables, TableName + ".csv"), s);
        FigureExport.SaveHtml(GainsFigure(s), Path.Combine(RunFolder.FiguresDir(studyDir), TableName + ".html"));
    }

    /// <summary>A study's seeds.json; a damaged file is a <see cref="UserInputException"/> naming its line and key.
    /// </summary>
    public static SeedStudyResults Read(string path) =>
        HumanClap.Common.JsonFile.Read<SeedStudyResults>(path, "seed study", EvaluationReport.Json);

    private static string F(double x) => ReportTable.Number(x);
    private static string Signed(double x) => double.IsNaN(x) ? "–" : x.ToString("+0.000;−0.000;0.000",
        CultureInfo.InvariantCulture);
    private static string Spread(Spread s) => $"{F(s.Mean)} ± {F(s.Sd)} [{F(s.Min)}, {F(s.Max)}]";

    /// <summary>The study as Markdown: Table 1 over seeds, the gains on all pairs, and the gains on Table 2's and
    /// Table 3's subsets.</summary>
    public static string Markdown(SeedStudyResults s)
    {
        int n = s.Seeds.Count;
        var sb = new StringBuilder();
        sb.Append($"{n} seeds ({string.Join(", ", s.Seeds)}) of {s.Data}. Mean ± standard deviation [min, max] over " +
                  "seeds, on all test pairs:\n\n");
        sb.Append(new ReportTable(["model", "SRCC", "LCC", "MSE"], s.Models.Where(m => m.Subset == "all")
            .Select(m => (IReadOnlyList<string>)[m.Model, Spread(m.Srcc), Spread(m.Lcc), Spread(m.Mse)]).ToList())
            .ToMarkdown());
        sb.Append($"\nΔSRCC of each variant against its own seed's baseline, on all test pairs: mean over seeds with " +
                  "its 95% t interval" + (n >= SeedStudy.MinSeedsForBootstrap ? " and 95% bootstrap interval" : "") +
                  " over seeds; wins: seeds in which the run's paired bootstrap interval was above 0.\n\n");
        bool boot = n >= SeedStudy.MinSeedsForBootstrap;
        string[] bootHeader = boot ? ["95% bootstrap"] : [];
        sb.Append(new ReportTable(
            ["variant", "ΔSRCC (mean)", "95% t", .. bootHeader, "per seed", "wins"],
            s.Gains.Where(g => g.Subset == "all").Select(g => (IReadOnlyList<string>)
            [
                g.Variant, Signed(g.Mean), $"[{Signed(g.TLower)}, {Signed(g.TUpper)}]",
                .. BootCell(boot, g),
                string.Join(" ", g.PerSeed.Select(Signed)), $"{g.Wins}/{n}",
            ]).ToList()).ToMarkdown());
        var subsets = s.Gains.Select(g => g.Subset).Where(x => x != "all").Distinct().ToList();
        sb.Append("\nMean ΔSRCC over seeds on the subsets of Tables 2 and 3 (wins in brackets):\n\n");
        sb.Append(new ReportTable(["variant", .. subsets], s.Gains.Select(g => g.Variant).Distinct().Select(v =>
            (IReadOnlyList<string>)
            [
                v, .. subsets.Select(x => s.Gains.Single(g => g.Variant == v && g.Subset == x) is var g
                    ? $"{Signed(g.Mean)} ({g.Wins}/{n})" : "–"),
            ]).ToList()).ToMarkdown());
        return sb.ToString();
    }

    private static string[] BootCell(bool boot, SeedGain g) => boot
        ? [$"[{Signed(g.BootstrapLower ?? double.NaN)}, {Signed(g.BootstrapUpper ?? double.NaN)}]"] : [];

    private static void WriteCsv(string path, SeedStudyResults s)
    {
        string C(double? x) => CsvIO.Format(x is double v && !double.IsNaN(v) ? v : null);
        var rows = new List<IReadOnlyList<string?>>();
        foreach (var m in s.Models)
            foreach (var (metric, spread) in new[] { ("srcc", m.Srcc), ("lcc", m.Lcc), ("mse", m.Mse) })
                rows.Add(["model", m.Model, m.Subset, metric, C(spread.Mean), C(spread.Sd), C(spread.Min),
                    C(spread.Max), "", "", "", "", "", spread.Seeds.ToString(CultureInfo.InvariantCulture)]);
        foreach (var g in s.Gains)
            rows.Add(["gain", g.Variant, g.Subset, "delta_srcc", C(g.Mean), "", C(g.PerSeed.Min()), C(g.PerSeed.Max()),
                C(g.TLower), C(g.TUpper), C(g.BootstrapLower), C(g.BootstrapUpper),
                g.Wins.ToString(CultureInfo.InvariantCulture), g.PerSeed.Count.ToString(CultureInfo.InvariantCulture)]);
        CsvIO.Write(path, ["kind", "model", "subset", "metric", "mean", "sd", "min", "max", "t_lower", "t_upper",
            "bootstrap_lower", "bootstrap_upper", "wins", "seeds"], rows);
    }

    /// <summary>Each variant's ΔSRCC per seed (points) and its mean with the 95% t interval, on all pairs.</summary>
    public static GenericChart GainsFigure(SeedStudyResults s)
    {
        var gains = s.Gains.Where(g => g.Subset == "all").ToList();
        var points = Chart.Point<string, double, string>(
            gains.SelectMany(g => g.PerSeed.Select(_ => g.Variant)).ToArray(),
            gains.SelectMany(g => g.PerSeed).ToArray(), Name: "one seed", Opacity: 0.6);
        var means = Chart.Point<string, double, string>(gains.Select(g => g.Variant).ToArray(),
            gains.Select(g => g.Mean).ToArray(), Name: "mean (95% t interval)");
        var withIntervals = ErrorBars.OnY(means, gains.Select(g => g.TUpper - g.Mean),
            gains.Select(g => g.Mean - g.TLower));
        var chart = Chart.Combine([points, withIntervals])
            .WithXAxisStyle<double, double, string>(TitleText: "variant")
            .WithYAxisStyle<double, double, string>(TitleText: "ΔSRCC against the same seed's baseline");
        return Plotly.NET.Chart.withTitle($"Gain over the baseline across {s.Seeds.Count} seeds", null).Invoke(chart);
    }
}
