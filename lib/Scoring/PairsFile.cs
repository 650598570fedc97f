using HumanClap.Common;

namespace HumanClap.Scoring;

/// <summary>One row of a pairs CSV: the audio path as written, resolved against the CSV's folder, and the text.</summary>
public sealed record PairRow(long Line, string Audio, string AudioPath, string Text);

/// <summary>The `score` verb's files: PAIRS.csv with columns audio,text in; the same rows plus cosine, clapscore
/// and error out.</summary>
public static class PairsFile
{
    public static IReadOnlyList<PairRow> Read(string csvPath)
    {
        var csv = CsvIO.Read(csvPath);
        int audio = csv.Column("audio"), text = csv.Column("text");
        var baseDir = Path.GetDirectoryName(Path.GetFullPath(csvPath))!;
        return csv.Records.Select(r =>
        {
            string a = audio < r.Fields.Length ? r.Fields[audio].Trim() : "";
            string t = text < r.Fields.Length ? r.Fields[text] : "";
            return new PairRow(r.Line, a, a.Length == 0 ? "" : Path.GetFullPath(a, baseDir), t);
        }).ToList();
    }

    public static void Write(string outPath, IReadOnlyList<PairRow> rows, IReadOnlyList<ScoredPair> scored)
    {
        if (rows.Count != scored.Count) throw new ArgumentException("one result per row expected");
        CsvIO.Write(outPath, ["audio", "text", "cosine", "clapscore", "error"],
            rows.Select((r, i) => (IReadOnlyList<string?>)[r.Audio, r.Text, CsvIO.Format(scored[i].Cosine),
                CsvIO.Format(scored[i].ClapScore), scored[i].Error is { } e ? $"line {r.Line}: {e}" : ""]));
    }

    /// <summary>Scores the rows read by <see cref="Read"/> and writes them; returns the failed rows (their results are
    /// written with empty scores).</summary>
    public static IReadOnlyList<ScoredPair> Score(ClapScorer scorer, IReadOnlyList<PairRow> rows, string outCsv, int batchSize = 8,
        IProgress<int>? progress = null)
    {
        var scored = scorer.ScoreFiles(rows.Select(r => (r.AudioPath, r.Text)).ToList(), batchSize, progress);
        Write(outCsv, rows, scored);
        return scored.Where(s => !s.Ok).ToList();
    }
}
