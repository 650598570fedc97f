using HumanClap.Common;
using System.Globalization;
using System.Text;
using Deedle;
using HumanClap.Experiments;

namespace HumanClap.Reporting;

/// <summary>Writes the reproduction's outputs: tables/ (Markdown, CSV, LaTeX), figures/ (HTML, PNG when Chromium is
/// available), results.json; and the short text summaries the command line and the notebooks print.</summary>
public static class PaperReport
{
    public static IReadOnlyList<string> Write(ExperimentResults r, string outDir)
    {
        var written = new List<string>();
        var tables = RunFolder.TablesDir(outDir);
        var figures = RunFolder.FiguresDir(outDir);
        Directory.CreateDirectory(tables);
        Directory.CreateDirectory(figures);
        var paperTables = new[]
        {
            ("table1", PaperTables.Table1(r)), ("table2", PaperTables.Table2(r)), ("table3", PaperTables.Table3(r)),
        };
        foreach (var (name, frame) in paperTables)
        {
            written.Add(Save(Path.Combine(tables, name + ".md"), TableFormat.ToMarkdown(frame, 3, "model")));
            written.Add(Save(Path.Combine(tables, name + ".csv"), TableFormat.ToCsv(frame, 6, "model")));
            written.Add(Save(Path.Combine(tables, name + ".tex"), TableFormat.ToLatex(frame, 3, "Model")));
        }
        var charts = new List<(string, Plotly.NET.GenericChart)>
        {
            ("figure1", PaperFigures.Figure1(r)), ("training-curves", PaperFigures.LossCurves(r)),
        };
        if (r.Model(PaperFigures.MseMae) is not null) charts.Add(("figure3a", PaperFigures.Figure3a(r)));
        if (r.Model(PaperFigures.WsceMae) is not null) charts.Add(("figure3b", PaperFigures.Figure3b(r)));
        foreach (var (name, chart) in charts)
        {
            var html = Path.Combine(figures, name + ".html");
            FigureExport.SaveHtml(chart, html);
            written.Add(html);
            var png = Path.Combine(figures, name + ".png");
            if (FigureExport.TrySavePng(chart, png, out _)) written.Add(png);
        }
        var json = RunFolder.ResultsJson(outDir);
        ResultsJson.Write(r, json);
        written.Add(json);
        return written;
    }

    /// <summary>The walkthroughs' way to a finished run: reads <c>results.json</c> in
    /// <see cref="ExperimentOptions.OutDir"/>
    /// when it exists (seconds, nothing recomputed); otherwise trains the whole experiment as `./humanclap reproduce`
    /// does, writes the report there, and returns it. Says which it did on <paramref name="say"/>.</summary>
    public static ExperimentResults LoadOrReproduce(ExperimentOptions o, TextWriter say)
    {
        var json = RunFolder.ResultsJson(o.OutDir);
        if (o.Scale is null && !o.IsRealData && !ResultsJsonReader.IsCurrent(json))
            throw new Common.UserInputException(
                $"{json}: no finished run to read (HUMANCLAP_RUN must name a folder `reproduce` has finished)");
        if (ResultsJsonReader.IsCurrent(json))
        {
            say.WriteLine($"Reading the finished run in {o.OutDir} " +
                          "(nothing is retrained; delete its results.json to run again).");
            return ExperimentResults.Load(o.OutDir);
        }
        say.WriteLine(File.Exists(json)
            ? $"{json} is from an older version: recomputing it, as `./humanclap reproduce --scale {o.Scale}` would " +
              "(finished trainings are reused; later openings read it)."
            : $"No finished run in {o.OutDir}: training it now, as `./humanclap reproduce --scale {o.Scale}` would " +
              "(minutes; later openings read it).");
        var results = PaperExperiment.Run(o);
        Write(results, o.OutDir);
        return results;
    }

    public static string Markdown(Frame<string, string> table) => TableFormat.ToMarkdown(table, 3, "model");

    /// <summary>What `reproduce` prints at the end: Table 1 and the run's facts.</summary>
    public static string Summary(ExperimentResults r)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"Data: {r.DataSource}; test pairs {r.Counts.TestPairs}, train {r.Counts.TrainPairs}, " +
                      $"validation {r.Counts.ValidationPairs}.");
        var lr = r.LearningRate.ToString("G3", CultureInfo.InvariantCulture);
        sb.AppendLine($"Fine-tuning: {r.Epochs} epochs, lr {lr}, batch {r.Options.BatchSize}" +
                      (r.PretrainEpochs > 0
                          ? $"; baseline pretrained {r.PretrainEpochs} epochs with SCE on noisy captions."
                          : "."));
        sb.AppendLine();
        sb.AppendLine("Table 1 (test set; CLAPScore vs mean rating / 10):");
        sb.AppendLine(Markdown(PaperTables.Table1(r)));
        return sb.ToString();
    }

    public static string BaselineSummary(ExperimentResults r) =>
        $"{ScoreLine(r.Baseline)}; noise ceiling SRCC {r.TestNoiseCeiling.CeilingSrcc:F3} " +
        $"(split-half reliability {r.TestNoiseCeiling.ReliabilitySrcc:F3} over {r.TestNoiseCeiling.Pairs} pairs)";

    /// <summary>The baseline and each comparison checkpoint of a real-data run (`reproduce --compare`, e.g. MS CLAP
    /// beside LAION CLAP), scored zero-shot on the same test pairs, one line each.</summary>
    public static string ComparisonSummary(ExperimentResults r)
    {
        if (r.Comparisons.Count == 0)
            return "This run scored no comparison checkpoint: `reproduce --compare PATH` adds them (real data only).";
        return string.Join("\n", r.Comparisons.Prepend(r.Baseline).Select(m =>
            ScoreLine(m) + (m.VersusBaseline is { } v ? $"; ΔSRCC vs baseline {v.Difference:+0.000;-0.000} " +
                $"[{v.Lower:+0.000;-0.000}, {v.Upper:+0.000;-0.000}] p {v.PValue:F3}" : "")));
    }

    private static string ScoreLine(ModelResult m)
    {
        var all = m.Subset(Metrics.PairSubset.All.Key);
        return $"{m.Name} on {all.N} test pairs: " +
               $"SRCC {all.Srcc:F3} [{m.Intervals.Srcc.Lower:F3}, {m.Intervals.Srcc.Upper:F3}], " +
               $"LCC {all.Lcc:F3}, MSE {all.Mse:F3}";
    }

    public static string VariantSummary(ExperimentResults r)
    {
        var sb = new StringBuilder();
        foreach (var m in r.Models)
        {
            var all = m.Subset(Metrics.PairSubset.All.Key);
            sb.Append($"{m.Name,-26} SRCC {all.Srcc:F3}  LCC {all.Lcc:F3}  MSE {all.Mse:F3}");
            if (m.History.Count > 0) sb.Append($"  best epoch {m.BestEpoch}/{m.History.Count}  {m.TrainSeconds:F0} s");
            if (m.VersusBaseline is { } v)
                sb.Append($"  ΔSRCC {v.Difference:+0.000;-0.000} " +
                          $"[{v.Lower:+0.000;-0.000}, {v.Upper:+0.000;-0.000}] p {v.PValue:F3}");
            sb.AppendLine();
        }
        return sb.ToString();
    }

    private static string Save(string path, string text)
    {
        AtomicFile.WriteAllText(path, text);
        return path;
    }
}
