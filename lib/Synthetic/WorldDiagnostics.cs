using Deedle;
using MathNet.Numerics.Statistics;

namespace HumanClap.Synthetic;

/// <summary>How well screening and ratings recover the simulator's hidden truth.</summary>
public sealed record WorldStats(int Listeners, int Careless, int Flagged, double ScreeningPrecision, double ScreeningRecall,
                                double SpearmanSingleAll, double SpearmanSingleKept, double SpearmanPairMeanKept,
                                IReadOnlyDictionary<string, double> MeanRelevanceBySystem,
                                IReadOnlyDictionary<string, double> MeanScoreBySystem);

/// <summary>Compares a generated world's ratings with its truth/ files. Screening flags a listener whose mean anchor
/// score is above 2, as the paper does; correlations are Spearman's (MathNet).</summary>
public static class WorldDiagnostics
{
    public static WorldStats Compute(string worldDir)
    {
        var world = new WorldFolder(worldDir);
        var scores = Read(world.ScoresCsv);
        var truthListeners = Read(world.TruthListenersCsv);
        var truthPairs = Read(world.TruthPairsCsv);

        var relevance = Rows(truthPairs).ToDictionary(r => (r["wavname"], r["text"]), r => double.Parse(r["relevance"], System.Globalization.CultureInfo.InvariantCulture));
        var system = Rows(truthPairs).ToDictionary(r => (r["wavname"], r["text"]), r => r["system"]);
        var careless = Rows(truthListeners).ToDictionary(r => r["listener_id"], r => r["careless"] == "True");
        var ratings = Rows(scores).Select(r => (Listener: r["listener_id"], Key: (r["wavname"], r["text"]),
                                                Score: double.Parse(r["score"]), Anchor: r["anchor label"] == "True")).ToList();

        var flagged = ratings.Where(r => r.Anchor).GroupBy(r => r.Listener)
            .Where(g => g.Average(r => r.Score) > SyntheticWorld.AnchorScreeningThreshold).Select(g => g.Key).ToHashSet();
        int truePositive = flagged.Count(id => careless.GetValueOrDefault(id));
        int carelessCount = careless.Values.Count(c => c);

        var rated = ratings.Where(r => !r.Anchor).ToList();
        var kept = rated.Where(r => !flagged.Contains(r.Listener)).ToList();
        var pairMeans = kept.GroupBy(r => r.Key).Select(g => (Truth: relevance[g.Key], Mean: g.Average(r => r.Score))).ToList();

        return new WorldStats(careless.Count, carelessCount, flagged.Count,
            flagged.Count == 0 ? double.NaN : (double)truePositive / flagged.Count,
            carelessCount == 0 ? double.NaN : (double)truePositive / carelessCount,
            Correlation.Spearman(rated.Select(r => relevance[r.Key]), rated.Select(r => r.Score)),
            Correlation.Spearman(kept.Select(r => relevance[r.Key]), kept.Select(r => r.Score)),
            Correlation.Spearman(pairMeans.Select(p => p.Truth), pairMeans.Select(p => p.Mean)),
            rated.GroupBy(r => system[r.Key]).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Average(r => relevance[r.Key])),
            kept.GroupBy(r => system[r.Key]).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Average(r => r.Score)));
    }

    private static Frame<int, string> Read(string path) =>
        File.Exists(path) ? Frame.ReadCsv(path, inferTypes: false) : throw new FileNotFoundException($"world file not found: {path}", path);

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
