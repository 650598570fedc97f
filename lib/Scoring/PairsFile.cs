using System.Diagnostics;
using HumanClap.Common;

namespace HumanClap.Scoring;

/// <summary>One row of a pairs CSV: the audio path as written, resolved against the CSV's folder, and the text.
/// </summary>
public sealed record PairRow(long Line, string Audio, string AudioPath, string Text);

/// <summary>The `score` verb's files: PAIRS.csv with columns audio,text in; the same rows plus cosine, clapscore
/// and error out.</summary>
public static class PairsFile
{
    private static readonly string[] Header = ["audio", "text", "cosine", "clapscore", "error"];
    /// <summary>Added with LAION preprocessing: the draws behind each score (crop offset in samples for an unfused
    /// model, the three fusion chunk starts in mel frames as "a;b;c" for a fused one; empty when the clip needed
    /// none), so the run can be replayed.</summary>
    private static readonly string[] DrawColumns = ["crop_offset", "chunk_starts"];

    private static bool RecordsDraws(ClapScorer scorer) => scorer.Embedder is HfClapEmbedder { Laion: not null };

    /// <summary>How often rows scored so far are pushed from the writer's buffer into the temporary file.</summary>
    private static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(1);

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
        CsvIO.Write(outPath, Header, rows.Select((r, i) => Fields(r, scored[i])));
    }

    private static IReadOnlyList<string?> Fields(PairRow row, ScoredPair scored) =>
        [row.Audio, row.Text, CsvIO.Format(scored.Cosine), CsvIO.Format(scored.ClapScore),
         scored.Error is { } e ? $"line {row.Line}: {e}" : ""];

    private static IReadOnlyList<string?> FieldsWithDraws(PairRow row, ScoredPair scored) =>
    [
        .. Fields(row, scored),
        scored.Draws?.CropOffset?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
        scored.Draws?.ChunkStarts is { } s ? string.Join(';', s) : "",
    ];

    /// <summary>Scores the rows read by <see cref="Read"/> and writes them; returns every row's result in row order
    /// (a failed row's is written with empty scores). Rows go into a temporary file as their batch is scored and the file is
    /// renamed to <paramref name="outCsv"/> at the end (<see cref="AtomicFile"/>): a run that fails or is killed
    /// leaves any previous output untouched.</summary>
    public static IReadOnlyList<ScoredPair> Score(ClapScorer scorer, IReadOnlyList<PairRow> rows, string outCsv,
        int batchSize = 8, IProgress<int>? progress = null)
    {
        var results = new List<ScoredPair>(rows.Count);
        bool draws = RecordsDraws(scorer);
        var header = draws ? [.. Header, .. DrawColumns] : Header;
        Func<PairRow, ScoredPair, IReadOnlyList<string?>> fields = draws ? FieldsWithDraws : Fields;
        var sinceFlush = Stopwatch.StartNew();
        AtomicFile.WriteText(outCsv, w =>
        {
            w.Write(string.Join(",", header) + "\n");
            foreach (var scored in scorer.ScoreStream(rows.Select(r => (r.AudioPath, r.Text)).ToList(), batchSize,
                         progress))
            {
                w.Write(string.Join(",", fields(rows[scored.Index], scored).Select(CsvIO.Quote)) + "\n");
                results.Add(scored);
                if (sinceFlush.Elapsed < FlushInterval) continue;
                w.Flush();
                sinceFlush.Restart();
            }
        });
        return results.OrderBy(s => s.Index).ToList();
    }
}
