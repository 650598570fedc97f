using Deedle;
using HumanClap.Ratings;
using MathNet.Numerics.Statistics;
using HumanClap.Common;

namespace HumanClap.Synthetic;

/// <summary>Compares a generated world's ratings, screened and averaged by <see cref="RatingsPipeline"/> (the paper's
/// rule: mean anchor score above 2), with its truth/ files; correlations are Spearman's (MathNet).</summary>
public static class WorldDiagnostics
{
    public static WorldStats Compute(string worldDir)
    {
        var world = new WorldFolder(worldDir);
        if (!File.Exists(world.ScoresCsv))
            throw new MissingFileException($"world file not found: {world.ScoresCsv}", world.ScoresCsv);
        // The diagnostics need no noise ceiling: skip its resampling.
        var pipeline = RatingsPipeline.Run(new RatingsPipelineOptions
        {
            ScoresCsv = world.ScoresCsv, NoiseCeilingSubsets = [],
        });
        var truthListeners = Read(world.TruthListenersCsv);
        var truthPairs = Read(world.TruthPairsCsv);

        var relevance = Rows(truthPairs).ToDictionary(r => (r["wavname"], r["text"]),
            r => double.Parse(r["relevance"], System.Globalization.CultureInfo.InvariantCulture));
        var system = Rows(truthPairs).ToDictionary(r => (r["wavname"], r["text"]), r => r["system"]);
        var careless = Rows(truthListeners).ToDictionary(r => r["listener_id"], r => r["careless"] == "True");

        var flagged = pipeline.Screening.FlaggedListeners;
        int truePositive = flagged.Count(id => careless.GetValueOrDefault(id));
        int carelessCount = careless.Values.Count(c => c);

        var rated = pipeline.Data.Ratings.Where(r => !r.IsAnchor).Select(Keyed).ToList();
        var kept = pipeline.Screening.Kept.Select(Keyed).ToList();
        // Exact means (sum/count) in first-rating order, not PairScore.Mean: MathNet's running mean can differ in the
        // last bit between pairs with equal means, which splits their tied ranks and moves SpearmanPairMeanKept
        // (0.90025080 -> 0.90025078 on the default world, seed 0).
        var pairMeans = kept.GroupBy(r => r.Key).Select(g => (Truth: relevance[g.Key], Mean: g.Average(r => r.Score)))
            .ToList();

        return new WorldStats(careless.Count, carelessCount, flagged.Count,
            flagged.Count == 0 ? double.NaN : (double)truePositive / flagged.Count,
            carelessCount == 0 ? double.NaN : (double)truePositive / carelessCount,
            Correlation.Spearman(rated.Select(r => relevance[r.Key]), rated.Select(r => r.Score)),
            Correlation.Spearman(kept.Select(r => relevance[r.Key]), kept.Select(r => r.Score)),
            Correlation.Spearman(pairMeans.Select(p => p.Truth), pairMeans.Select(p => p.Mean)),
            rated.GroupBy(r => system[r.Key]).OrderBy(g => g.Key)
                .ToDictionary(g => g.Key, g => g.Average(r => relevance[r.Key])),
            kept.GroupBy(r => system[r.Key]).OrderBy(g => g.Key)
                .ToDictionary(g => g.Key, g => g.Average(r => r.Score)));
    }

    private static ((string, string) Key, double Score) Keyed(Rating r) => ((r.WavName, r.Text), r.Score);

    private static Frame<int, string> Read(string path) =>
        File.Exists(path)
            ? Frame.ReadCsv(path, inferTypes: false)
            : throw new MissingFileException($"world file not found: {path}", path);

    private static IEnumerable<Dictionary<string, string>> Rows(Frame<int, string> frame)
    {
        var columns = frame.ColumnKeys.ToList();
        // Deedle reads an empty cell as missing; TryGet keeps rows aligned where .Values would skip them.
        var series = columns.Select(c => frame.GetColumn<string>(c)).ToList();
        foreach (int row in frame.RowKeys)
            yield return columns.Select((c, k) => (c, v: series[k].TryGet(row) is { HasValue: true } o ? o.Value : ""))
                .ToDictionary(x => x.c, x => x.v);
    }
}
