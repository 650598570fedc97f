using System.Text.Json;
using HumanClap.Experiments;
using HumanClap.Metrics;
using HumanClap.Reporting;
using HumanClap.Training;

namespace HumanClap.Tests.Reporting;

/// <summary>Tables 1-3, figures and results.json from a run whose scores are made up here (no training), so every cell
/// can be checked against the metric computed directly on the right subset.</summary>
public sealed class PaperReportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("humanclap-report-").FullName;
    public void Dispose() => Directory.Delete(_dir, true);

    private static readonly string[] Systems = ["natural", "audioldm", "audioldm2", "tango", "tango2"];

    private static ExperimentResults MakeResults()
    {
        var rng = new Random(3);
        var pairs = Enumerable.Range(0, 200)
            .Select(i => new EvaluatedPair(Systems[i % 5], Math.Round(rng.NextDouble() * 10) / 10, 0)).ToList();
        double[] Noisy(double noise) =>
            pairs.Select(p => Math.Clamp(p.Subjective01 + noise * (rng.NextDouble() - 0.5), 0, 1)).ToArray();
        var baseline = Noisy(3.0);
        var history = new List<EpochRecord>
        {
            new(1, 0.5, 0.4, 0.1, true, 1, 100), new(2, 0.3, 0.45, 0.1, false, 1, 100),
        };
        var evaluation = new TestEvaluation(pairs, Resamples: 200, Seed: 1);
        var models = new List<ModelResult>
        {
            ModelResult.FromScores(new ModelUnderTest("conventional CLAP (SCE)", "b") { IsBaseline = true }, baseline,
                evaluation),
        };
        foreach (var (name, noise) in new[] { ("MSE+MAE", 0.8), ("wSCE+MAE", 1.0), ("MSE", 0.9) })
            models.Add(ModelResult.FromScores(
                new ModelUnderTest(name, name) { History = history, BestEpoch = 1, TrainSeconds = 2 }, Noisy(noise),
                evaluation with { BaselineScores = baseline }));
        var ceiling = new NoiseCeilingResult(200, 10, 0.7, 0.82, 0.9, 0.7, 0.8, 0.89);
        return new ExperimentResults(new ExperimentOptions { OutDir = "x" }, "made up", 2, 1e-4, 3,
            pairs, models, ceiling, new DataCounts(1000, 50, 5, 900, 150, 40, 200, 100, 0),
            new Dictionary<string, double> { ["world"] = 1.5 });
    }

    [Fact]
    public void TableCellsEqualTheMetricOnTheirSubset()
    {
        var r = MakeResults();
        var subjective = r.TestPairs.Select(p => p.Subjective01).ToArray();
        var mse = r.Model("MSE+MAE")!;
        var t1 = PaperTables.Table1(r);
        Assert.Equal(["MSE+MAE", "wSCE+MAE", "MSE", "conventional CLAP (SCE)", "noise ceiling (test)"], t1.RowKeys);
        Assert.Equal(Correlations.Srcc(mse.ClapScores, subjective), t1.GetColumn<double>("SRCC")["MSE+MAE"], 12);
        Assert.Equal(Correlations.Mse(mse.ClapScores, subjective), t1.GetColumn<double>("MSE")["MSE+MAE"], 12);
        Assert.Equal(0.9, t1.GetColumn<double>("SRCC")["noise ceiling (test)"], 12);
        Assert.Equal(mse.VersusBaseline!.Difference, t1.GetColumn<double>("ΔSRCC vs baseline")["MSE+MAE"], 12);

        var t2 = PaperTables.Table2(r);
        Assert.Equal(["natural", "audioldm", "audioldm2", "tango", "tango2", "synthesized"], t2.ColumnKeys);
        int[] tango = Enumerable.Range(0, r.TestPairs.Count).Where(i => r.TestPairs[i].System == "tango").ToArray();
        Assert.Equal(
            Correlations.Srcc(tango.Select(i => mse.ClapScores[i]).ToArray(),
                tango.Select(i => subjective[i]).ToArray()),
            t2.GetColumn<double>("tango")["MSE+MAE"], 12);

        var t3 = PaperTables.Table3(r);
        Assert.Equal(["score>5 all", "score>5 natural", "score>5 synthesized",
            "score<=5 all", "score<=5 natural", "score<=5 synthesized"], t3.ColumnKeys);
        int[] synthHigh = Enumerable.Range(0, r.TestPairs.Count)
            .Where(i => r.TestPairs[i].System != "natural" && subjective[i] > 0.5).ToArray();
        Assert.Equal(
            Correlations.Srcc(synthHigh.Select(i => mse.ClapScores[i]).ToArray(),
                synthHigh.Select(i => subjective[i]).ToArray()),
            t3.GetColumn<double>("score>5 synthesized")["MSE+MAE"], 12);
    }

    [Fact]
    public void WriteProducesTablesFiguresAndACompleteResultsJson()
    {
        var r = MakeResults();
        var written = PaperReport.Write(r, _dir);
        foreach (var name in new[] { "table1", "table2", "table3" })
        foreach (var ext in new[] { ".md", ".csv", ".tex" })
            Assert.Contains(Path.Combine(_dir, "tables", name + ext), written);
        foreach (var fig in new[] { "figure1", "figure3a", "figure3b", "training-curves" })
            Assert.True(File.Exists(Path.Combine(_dir, "figures", fig + ".html")), fig);
        // PNGs need a Chromium (optional on a user's machine; .ci/run installs it when it can).
        if (File.Exists(FigureExport.BrowserPath))
            Assert.True(new FileInfo(Path.Combine(_dir, "figures", "figure1.png")).Length > 1000,
                "figure1.png missing although Chromium exists");
        Assert.Contains("| MSE+MAE |", File.ReadAllText(Path.Combine(_dir, "tables", "table1.md")).Replace("  ", " "));

        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "results.json")));
        var models = doc.RootElement.GetProperty("models");
        Assert.Equal(4, models.GetArrayLength());
        foreach (var m in models.EnumerateArray())
        {
            var subsets = m.GetProperty("subsets");
            string[] subsetNames =
                ["all", "natural", "synthesized", "audioldm", "tango2", "score>5", "natural score<=5"];
            foreach (var s in subsetNames)
                Assert.Equal(JsonValueKind.Number, subsets.GetProperty(s).GetProperty("srcc").ValueKind);
        }
        Assert.Equal(0.9, doc.RootElement.GetProperty("noise_ceiling_test").GetProperty("srcc").GetDouble(), 6);
    }

    [Fact]
    public void Figure3NeedsItsVariant()
    {
        var r = MakeResults();
        var without = r with { Models = r.Models.Where(m => m.Name != "wSCE+MAE").ToList() };
        var e = Assert.Throws<InvalidOperationException>(() => PaperFigures.Figure3b(without));
        Assert.Contains("wSCE+MAE", e.Message);
    }

    [Fact]
    public void ComparisonSummaryGivesTheBaselineAndEachComparisonALine()
    {
        var r = MakeResults();
        Assert.Contains("--compare", PaperReport.ComparisonSummary(r));
        var evaluation = new TestEvaluation(r.TestPairs, Resamples: 200, Seed: 1)
        {
            BaselineScores = r.Baseline.ClapScores,
        };
        var msclap = ModelResult.FromScores(new ModelUnderTest("MS CLAP 2023", "ms"), r.Model("MSE")!.ClapScores,
            evaluation);
        var lines = PaperReport.ComparisonSummary(r with { Comparisons = [msclap] }).Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.StartsWith(r.Baseline.Name, lines[0]);
        Assert.StartsWith("MS CLAP 2023 on 200 test pairs: SRCC " +
            msclap.Subset("all").Srcc.ToString("F3"), lines[1]);
        Assert.Contains("ΔSRCC vs baseline " + msclap.VersusBaseline!.Difference.ToString("+0.000;-0.000"), lines[1]);
    }
}
