using HumanClap.Common;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using HumanClap.Ratings;

namespace HumanClap.Reporting;

/// <summary>Renders and writes the result of <see cref="RatingsPipeline.Run"/>: pair tables, report tables, figures
/// and summary.json. Computes nothing itself.</summary>
public static class RatingsReport
{
    /// <summary>Writes pairs.csv, the splits, tables (md/csv), figures (html, png when a browser exists) and
    /// summary.json; returns notes on what was not written.</summary>
    public static IReadOnlyList<string> Write(RatingsPipelineResult r, string outDir)
    {
        Directory.CreateDirectory(outDir);
        WritePairs(Path.Combine(outDir, "pairs.csv"), r.Pairs);
        foreach (var (prefix, splits) in new[] { ("paper", r.PaperSplits), ("relate", r.RelateSplits) })
        {
            WritePairs(Path.Combine(outDir, $"{prefix}_train.csv"), splits.Train);
            WritePairs(Path.Combine(outDir, $"{prefix}_validation.csv"), splits.Validation);
            WritePairs(Path.Combine(outDir, $"{prefix}_test.csv"), splits.Test);
        }
        if (r.Data.Problems.Count > 0)
            AtomicFile.WriteAllText(Path.Combine(outDir, "skipped_rows.txt"),
                string.Concat(r.Data.Problems.Select(p => p + "\n")));

        var tables = Path.Combine(outDir, "tables");
        Directory.CreateDirectory(tables);
        foreach (var (name, frame) in Tables(r))
        {
            AtomicFile.WriteAllText(Path.Combine(tables, name + ".md"), TableFormat.ToMarkdown(frame));
            AtomicFile.WriteAllText(Path.Combine(tables, name + ".csv"), TableFormat.ToCsv(frame));
        }
        var notes = WriteFigures(r, Path.Combine(outDir, "figures"));

        var json = JsonSerializer.Serialize(r.Summary, new JsonSerializerOptions
        {
            WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, DictionaryKeyPolicy = null,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        });
        AtomicFile.WriteAllText(Path.Combine(outDir, "summary.json"), json);
        return notes;
    }

    /// <summary>The figures as HTML, and as PNG while a browser can render them; returns why PNGs are missing.
    /// </summary>
    private static List<string> WriteFigures(RatingsPipelineResult r, string figures)
    {
        var notes = new List<string>();
        var charts = new[]
        {
            ("scores_per_system", RatingsFigures.ScoreHistograms(r.Data.Ratings)),
            ("listener_anchor_means",
                RatingsFigures.ListenerAnchorMeans(r.Screening.MeanAnchorScore, r.Screening.Options.Threshold)),
            ("ratings_per_pair", RatingsFigures.RatingsPerPair(r.Pairs)),
        };
        bool pngPossible = true;
        foreach (var (name, chart) in charts)
        {
            FigureExport.SaveHtml(chart, Path.Combine(figures, name + ".html"));
            if (pngPossible && !FigureExport.TrySavePng(chart, Path.Combine(figures, name + ".png"), out var why))
            {
                notes.Add($"PNG figures skipped: {why}");
                pngPossible = false;   // the reason is the same for every figure
            }
        }
        return notes;
    }

    /// <summary>The report tables: screening vs dataset exclusion, pairs per system and split, noise ceilings.
    /// </summary>
    public static IReadOnlyList<(string Name, Deedle.Frame<string, string> Frame)> Tables(RatingsPipelineResult r)
    {
        var s = r.Summary;
        var splits = RatingsPipeline.AudioCapsSplits;
        var result = new List<(string, Deedle.Frame<string, string>)>();
        if (s.ScreeningVsDataset is { } c)
        {
            string[] exclusion = ["fully excluded", "partly excluded", "not excluded"];
            result.Add(("screening_vs_dataset", MetricsTables.FromRows([
                ("flagged", Row((exclusion[0], c.FlaggedFully), (exclusion[1], c.FlaggedPartly),
                    (exclusion[2], c.FlaggedNone))),
                ("kept", Row((exclusion[0], c.KeptFully), (exclusion[1], c.KeptPartly), (exclusion[2], c.KeptNone))),
            ], exclusion)));
        }
        result.Add(("pairs_by_system", MetricsTables.FromRows(
            s.PairsBySystem.Select(kv => (kv.Key, Row(splits.Select(sp => (sp, (object)kv.Value[sp])).ToArray())))
                .Append(("total", Row(splits.Select(sp => (sp, (object)s.PairsKept[sp])).ToArray()))),
            splits)));
        string[] ceilingColumns = ["pairs", "split-half SRCC", "reliability SRCC", "ceiling SRCC", "split-half LCC",
            "reliability LCC", "ceiling LCC"];
        result.Add(("noise_ceiling", MetricsTables.FromRows(s.NoiseCeiling.Select(kv => (kv.Key, Row(
            (ceilingColumns[0], kv.Value.Pairs), (ceilingColumns[1], kv.Value.SplitHalfSrcc),
            (ceilingColumns[2], kv.Value.ReliabilitySrcc), (ceilingColumns[3], kv.Value.CeilingSrcc),
            (ceilingColumns[4], kv.Value.SplitHalfLcc), (ceilingColumns[5], kv.Value.ReliabilityLcc),
            (ceilingColumns[6], kv.Value.CeilingLcc)))),
            ceilingColumns)));
        return result;
    }

    private static IReadOnlyDictionary<string, object> Row(params (string Key, object Value)[] cells) =>
        cells.ToDictionary(c => c.Key, c => c.Value);

    /// <summary>The pair table the training pipeline reads (same columns for pairs.csv and every split file).</summary>
    public static void WritePairs(string path, IEnumerable<PairScore> pairs) =>
        CsvIO.Write(path, ["wavname", "text", "system", "audiocaps_split", "relate_split", "mean", "std", "count",
                "mean01"],
            pairs.Select(p => (IReadOnlyList<string?>)[p.WavName, p.Text, p.System, p.AudioCapsSplit, p.RelateSplit,
                CsvIO.Format(p.Mean), CsvIO.Format(p.Std), p.Count.ToString(CultureInfo.InvariantCulture),
                CsvIO.Format(p.Mean01)]));
}
