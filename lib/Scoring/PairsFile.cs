using System.Diagnostics;
using System.Globalization;
using HumanClap.Common;

namespace HumanClap.Scoring;

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
    /// (a failed row's is written with empty scores). Rows go into a temporary file as their batch is scored and the
    /// file is renamed to <paramref name="outCsv"/> at the end (<see cref="AtomicFile"/>): a run that fails or is
    /// killed leaves any previous output untouched.</summary>
    public static IReadOnlyList<ScoredPair> Score(ClapScorer scorer, IReadOnlyList<PairRow> rows, string outCsv,
        int batchSize = 8, IProgress<int>? progress = null)
    {
        var results = new List<ScoredPair>(rows.Count);
        var (header, fields) = Columns(scorer);
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
        return results; // ScoreStream yields the rows in order
    }

    /// <summary>The output's columns and each row's fields: the draws too when the scorer records them.</summary>
    private static (IReadOnlyList<string> Header, Func<PairRow, ScoredPair, IReadOnlyList<string?>> Fields)
        Columns(ClapScorer scorer) =>
        RecordsDraws(scorer) ? ([.. Header, .. DrawColumns], FieldsWithDraws) : (Header, Fields);

    /// <summary>The first column of a shard's file: the row's number among the pairs file's rows (1-based).</summary>
    public const string RowColumn = "row";

    /// <summary>Scores the rows of one <see cref="Shard"/> (<see cref="ClapScorer.ScoreShard"/>) and writes them,
    /// each with its row number first, for <see cref="Merge"/>.</summary>
    public static IReadOnlyList<ScoredPair> ScoreShard(ClapScorer scorer, IReadOnlyList<PairRow> rows, string outCsv,
        int batchSize, Shard shard)
    {
        var scored = scorer.ScoreShard(rows.Select(r => (r.AudioPath, r.Text)).ToList(), batchSize, shard);
        var (header, fields) = Columns(scorer);
        CsvIO.Write(outCsv, [RowColumn, .. header], scored.Select(p =>
            (IReadOnlyList<string?>)
            [(p.Index + 1).ToString(CultureInfo.InvariantCulture), .. fields(rows[p.Index], p)]));
        return scored;
    }

    /// <summary>The shards' files as one process writes its output: every row of the pairs file exactly once, in
    /// order, the fields as the shards wrote them. Returns the number of failed rows.</summary>
    public static int Merge(IReadOnlyList<PairRow> rows, IReadOnlyList<string> shardCsvs, string outCsv)
    {
        var byRow = new Dictionary<int, (string[] Fields, string From)>();
        IReadOnlyList<string>? header = null;
        foreach (var path in shardCsvs)
        {
            var csv = ReadShard(path);
            if (csv.Header.Count == 0 || csv.Header[0] != RowColumn)
                throw new UserInputException($"--merge {path}: not a shard's output (no '{RowColumn}' column first)");
            if (header is not null && !header.SequenceEqual(csv.Header))
                throw new UserInputException($"--merge {path}: other columns than {shardCsvs[0]}");
            header = csv.Header;
            foreach (var r in csv.Records)
            {
                if (!int.TryParse(r.Fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out int row)
                    || row < 1 || row > rows.Count)
                    throw new UserInputException($"{path}:{r.Line}: row '{r.Fields[0]}' is not a row of the pairs " +
                                                 $"file (1..{rows.Count})");
                var expected = rows[row - 1];
                if (r.Fields.Length < 3 || r.Fields[1] != expected.Audio || r.Fields[2] != expected.Text)
                    throw new UserInputException($"{path}:{r.Line}: row {row} is not the pairs file's row {row} " +
                                                 "(made from another pairs file?)");
                if (byRow.TryGetValue(row, out var seen))
                    throw new UserInputException($"{path}:{r.Line}: row {row} again (also in {seen.From})");
                byRow[row] = (r.Fields, path);
            }
        }
        var missing = Enumerable.Range(1, rows.Count).Where(i => !byRow.ContainsKey(i)).ToList();
        if (missing.Count > 0)
            throw new UserInputException($"--merge: {missing.Count} rows of the pairs file are in no shard (first: " +
                                         $"row {missing[0]}); give every shard's output");
        int error = header!.ToList().IndexOf("error");
        CsvIO.Write(outCsv, header!.Skip(1).ToList(),
            Enumerable.Range(1, rows.Count).Select(i => (IReadOnlyList<string?>)byRow[i].Fields[1..]));
        return byRow.Values.Count(v => v.Fields[error].Length > 0);
    }

    private static CsvFile ReadShard(string path)
    {
        try { return CsvIO.Read(path); }
        catch (UserInputException e)
        {
            throw new UserInputException($"--merge {e.Message}", e);
        }
    }
}
