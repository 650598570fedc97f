using HumanClap.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using HumanClap.Metrics;
using HumanClap.Ratings;

namespace HumanClap.Reporting;

public sealed record RatingsAnalysisOptions
{
    public required string ScoresCsv { get; init; }
    public string? ListenersCsv { get; init; }
    public string? Manifest { get; init; }
    public ScreeningOptions Screening { get; init; } = new();
    public int Seed { get; init; }
    public double ValidationFraction { get; init; } = 0.2;
    public int NoiseCeilingSplits { get; init; } = 100;
}

/// <summary>The numbers of one ratings analysis; serialised as summary.json (snake_case keys).</summary>
public sealed record RatingsSummary(
    string ScoresFile, double Threshold, string Rule, int Seed,
    /// <summary>Rows read successfully (anchors included); skipped rows are counted in RowsSkipped.</summary>
    int RatingsTotal, int RowsSkipped, IReadOnlyDictionary<string, int> ProblemCounts,
    int AnchorRatings, int ListenersTotal, int ListenersFlagged, int ListenersWithoutAnchors, int ListenersWithAttributes,
    int RatingsKept,
    IReadOnlyDictionary<string, int> PairsKept,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> PairsBySystem,
    IReadOnlyDictionary<string, int> PaperSplits,
    IReadOnlyDictionary<string, int> RelateSplits,
    IReadOnlyDictionary<string, double> NoiseCeilingSrcc,
    IReadOnlyDictionary<string, double> NoiseCeilingLcc,
    IReadOnlyDictionary<string, NoiseCeilingResult> NoiseCeiling,
    ExclusionConfusion? ScreeningVsDataset);

/// <summary>Everything a run produces, in memory, for notebooks; <see cref="RatingsAnalysis.Write"/> puts it on disk.</summary>
public sealed record RatingsAnalysisResult(RatingsData Data, ScreeningResult Screening, IReadOnlyList<PairScore> Pairs,
    PairSplits PaperSplits, PairSplits RelateSplits, RatingsSummary Summary);

/// <summary>The ratings pipeline of Section 2: load, screen, aggregate, split, noise ceilings, report.</summary>
public static class RatingsAnalysis
{
    public static readonly string[] AudioCapsSplits = ["train", "test"];

    public static RatingsAnalysisResult Run(RatingsAnalysisOptions o)
    {
        var data = RelateLoader.Load(o.ScoresCsv, o.ListenersCsv, new RatingsLoadOptions { Manifest = o.Manifest });
        var screening = Screening.Apply(data.Ratings, o.Screening);
        var pairs = PairAggregator.Aggregate(screening.Kept);
        // Tables, splits and figures of nothing would be empty or fail half-way: a clear error, and nothing written.
        if (pairs.Count == 0)
            throw new RatingsFormatException($"{o.ScoresCsv}: no audio-text pairs to analyse ({data.Ratings.Count} ratings read, " +
                                             $"{screening.AnchorRatings} anchors, {screening.Kept.Count} kept after screening)");
        var paper = Splits.Paper(pairs, o.Seed, o.ValidationFraction);
        var relate = Splits.Relate(pairs);

        var ceilings = new Dictionary<string, NoiseCeilingResult>
        {
            ["all"] = NoiseCeiling.Compute(screening.Kept, o.Seed, o.NoiseCeilingSplits),
        };
        foreach (var split in AudioCapsSplits)
            ceilings[split] = NoiseCeiling.Compute(screening.Kept.Where(r => r.AudioCapsSplit == split).ToList(), o.Seed, o.NoiseCeilingSplits);

        var summary = new RatingsSummary(
            data.ScoresFile, o.Screening.Threshold, o.Screening.Rule.ToString(), o.Seed,
            data.Ratings.Count, data.Problems.Count, data.ProblemCounts,
            screening.AnchorRatings, screening.ListenersTotal, screening.FlaggedListeners.Count, screening.ListenersWithoutAnchors.Count,
            data.Listeners.Count, screening.Kept.Count,
            AudioCapsSplits.ToDictionary(s => s, s => pairs.Count(p => p.AudioCapsSplit == s)),
            pairs.GroupBy(p => p.System).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key,
                g => (IReadOnlyDictionary<string, int>)AudioCapsSplits.ToDictionary(s => s, s => g.Count(p => p.AudioCapsSplit == s))),
            SplitCounts(paper), SplitCounts(relate),
            ceilings.ToDictionary(kv => kv.Key, kv => kv.Value.CeilingSrcc),
            ceilings.ToDictionary(kv => kv.Key, kv => kv.Value.CeilingLcc),
            ceilings,
            screening.Confusion);
        return new RatingsAnalysisResult(data, screening, pairs, paper, relate, summary);
    }

    /// <summary>Writes pairs.csv, the splits, tables (md/csv), figures (html, png when a browser exists) and summary.json; returns notes on what was not written.</summary>
    public static IReadOnlyList<string> Write(RatingsAnalysisResult r, string outDir)
    {
        Directory.CreateDirectory(outDir);
        var notes = new List<string>();
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

        var figures = Path.Combine(outDir, "figures");
        var charts = new[]
        {
            ("scores_per_system", RatingsFigures.ScoreHistograms(r.Data.Ratings)),
            ("listener_anchor_means", RatingsFigures.ListenerAnchorMeans(r.Screening.MeanAnchorScore, r.Screening.Options.Threshold)),
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

        var json = JsonSerializer.Serialize(r.Summary, new JsonSerializerOptions
        {
            WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, DictionaryKeyPolicy = null,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        });
        AtomicFile.WriteAllText(Path.Combine(outDir, "summary.json"), json);
        return notes;
    }

    /// <summary>The report tables: screening vs dataset exclusion, pairs per system and split, noise ceilings.</summary>
    public static IReadOnlyList<(string Name, Deedle.Frame<string, string> Frame)> Tables(RatingsAnalysisResult r)
    {
        var s = r.Summary;
        var result = new List<(string, Deedle.Frame<string, string>)>();
        if (s.ScreeningVsDataset is { } c)
            result.Add(("screening_vs_dataset", MetricsTables.FromRows([
                ("flagged", Row(("fully excluded", c.FlaggedFully), ("partly excluded", c.FlaggedPartly), ("not excluded", c.FlaggedNone))),
                ("kept", Row(("fully excluded", c.KeptFully), ("partly excluded", c.KeptPartly), ("not excluded", c.KeptNone))),
            ], ["fully excluded", "partly excluded", "not excluded"])));
        result.Add(("pairs_by_system", MetricsTables.FromRows(
            s.PairsBySystem.Select(kv => (kv.Key, Row(AudioCapsSplits.Select(sp => (sp, (object)kv.Value[sp])).ToArray())))
                .Append(("total", Row(AudioCapsSplits.Select(sp => (sp, (object)s.PairsKept[sp])).ToArray()))), AudioCapsSplits)));
        result.Add(("noise_ceiling", MetricsTables.FromRows(s.NoiseCeiling.Select(kv => (kv.Key, Row(
            ("pairs", kv.Value.Pairs), ("split-half SRCC", kv.Value.SplitHalfSrcc), ("reliability SRCC", kv.Value.ReliabilitySrcc),
            ("ceiling SRCC", kv.Value.CeilingSrcc), ("split-half LCC", kv.Value.SplitHalfLcc), ("reliability LCC", kv.Value.ReliabilityLcc),
            ("ceiling LCC", kv.Value.CeilingLcc)))),
            ["pairs", "split-half SRCC", "reliability SRCC", "ceiling SRCC", "split-half LCC", "reliability LCC", "ceiling LCC"])));
        return result;
    }

    private static IReadOnlyDictionary<string, object> Row(params (string Key, object Value)[] cells) => cells.ToDictionary(c => c.Key, c => c.Value);

    private static IReadOnlyDictionary<string, int> SplitCounts(PairSplits s) =>
        new Dictionary<string, int> { ["train"] = s.Train.Count, ["validation"] = s.Validation.Count, ["test"] = s.Test.Count };

    /// <summary>The pair table the training pipeline reads (same columns for pairs.csv and every split file).</summary>
    public static void WritePairs(string path, IEnumerable<PairScore> pairs) =>
        CsvIO.Write(path, ["wavname", "text", "system", "audiocaps_split", "relate_split", "mean", "std", "count", "mean01"],
            pairs.Select(p => (IReadOnlyList<string?>)[p.WavName, p.Text, p.System, p.AudioCapsSplit, p.RelateSplit,
                CsvIO.Format(p.Mean), CsvIO.Format(p.Std), p.Count.ToString(CultureInfo.InvariantCulture), CsvIO.Format(p.Mean01)]));
}
