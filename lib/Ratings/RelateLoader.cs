using System.Globalization;

namespace HumanClap.Ratings;

/// <summary>Reads RELATE-format score files (REL.csv, IS.csv, OS.csv) and listener-attribute files.</summary>
public static class RelateLoader
{
    public const string WavColumn = "wavname", TextColumn = "text", ScoreColumn = "score",
        ListenerColumn = "listener_id", AnchorColumn = "anchor label", RelateColumn = "in RELATE dataset",
        AudioCapsColumn = "in AudioCaps";
    public const int MinScore = 0, MaxScore = 10;

    /// <summary>Wav folder → system label; the folder is reliable where the `audio type` column merges model
    /// versions.</summary>
    public static readonly IReadOnlyDictionary<string, string> SystemByFolder = new Dictionary<string, string>
    {
        ["audiocaps"] = "natural", ["audioldm"] = "audioldm", ["audioldm2"] = "audioldm2", ["tango"] = "tango",
        ["tango2"] = "tango2",
    };

    /// <summary>Why a row was skipped: the problem kind (counted in summaries) and the message.</summary>
    private sealed record Skip(string Kind, string Message);

    public static RatingsData Load(string scoresCsv, string? listenersCsv = null, RatingsLoadOptions? options = null)
    {
        options ??= new RatingsLoadOptions();
        if (options.Manifest is { } manifest)
        {
            DataManifest.Verify(manifest, scoresCsv);
            if (listenersCsv is not null) DataManifest.Verify(manifest, listenersCsv);
        }
        var problems = new List<RowProblem>();
        void Problem(string file, int line, string kind, string message)
        {
            var p = new RowProblem(file, line, kind, message);
            if (options.StrictRows) throw new RatingsFormatException(p.ToString());
            problems.Add(p);
        }

        var (header, rows) = CsvRows.Read(scoresCsv);
        var col = CsvRows.Columns(scoresCsv, header,
            [WavColumn, TextColumn, ScoreColumn, ListenerColumn, AnchorColumn, AudioCapsColumn], [RelateColumn]);
        bool hasRelate = col.ContainsKey(RelateColumn);
        var ratings = new List<Rating>(rows.Count);
        var firstLine = new Dictionary<(string, string, string), int>();
        foreach (var row in rows)
        {
            var (rating, skip) = ParseRow(row, header.Length, col, hasRelate, firstLine);
            if (skip is not null) Problem(scoresCsv, row.Line, skip.Kind, skip.Message);
            else
            {
                firstLine[(rating!.ListenerId, rating.WavName, rating.Text)] = row.Line;
                ratings.Add(rating);
            }
        }

        var listeners = listenersCsv is null
            ? new Dictionary<string, ListenerAttributes>()
            : LoadListeners(listenersCsv, Problem);
        return new RatingsData(scoresCsv, ratings, problems, listeners, hasRelate);
    }

    /// <summary>One score row as a rating, or why it is skipped (checks in the order the fields are read).
    /// <paramref name="firstLine"/> holds the line of each (listener, wav, text) rated so far.</summary>
    private static (Rating? Rating, Skip? Skip) ParseRow(CsvRows.Row row, int headerLength,
        Dictionary<string, int> col, bool hasRelate, Dictionary<(string, string, string), int> firstLine)
    {
        if (row.Fields.Length != headerLength)
            return Skipped("field-count", $"expected {headerLength} fields, got {row.Fields.Length}");
        string F(string name) => row.Fields[col[name]];
        var listener = F(ListenerColumn).Trim();
        var wav = F(WavColumn).Trim();
        var text = F(TextColumn);
        if (listener.Length == 0) return Skipped("listener", "empty listener_id");
        if (ParseScore(F(ScoreColumn)) is not { } score)
            return Skipped("score-not-integer", $"score '{F(ScoreColumn)}' is not an integer");
        if (score is < MinScore or > MaxScore)
            return Skipped("score-out-of-range", $"score {score} outside {MinScore}..{MaxScore}");
        if (ParseAnchor(F(AnchorColumn)) is not { } anchor)
            return Skipped("anchor-label", $"unknown anchor label '{F(AnchorColumn)}' (expected True/False)");
        var folder = FolderOf(wav);
        if (!SystemByFolder.TryGetValue(folder, out var system))
            return Skipped("system", $"wavname '{wav}': unknown system folder '{folder}' " +
                                     $"(expected {string.Join(", ", SystemByFolder.Keys)})");
        var audioCaps = F(AudioCapsColumn).Trim();
        if (audioCaps is not ("train" or "test" or ""))
            return Skipped("audiocaps-split",
                $"unknown 'in AudioCaps' value '{audioCaps}' (expected train, test or empty)");
        if (firstLine.TryGetValue((listener, wav, text), out var first))
            return Skipped("duplicate",
                $"listener {listener} rated ({wav}, \"{text}\") again; first rating at line {first}");
        return (new Rating(listener, wav, text, score, anchor, system, audioCaps,
            hasRelate ? F(RelateColumn).Trim() : "", row.Line), null);
    }

    private static (Rating?, Skip?) Skipped(string kind, string message) => (null, new Skip(kind, message));

    private static int? ParseScore(string field) =>
        int.TryParse(field.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var score)
            ? score : null;

    private static bool? ParseAnchor(string field) => field.Trim() switch
    {
        "True" or "true" or "TRUE" => true,
        "False" or "false" or "FALSE" => false,
        _ => null,
    };

    private static string FolderOf(string wav) => wav.TrimStart('/').Split('/')[0];

    private static Dictionary<string, ListenerAttributes> LoadListeners(string path,
        Action<string, int, string, string> problem)
    {
        var (header, rows) = CsvRows.Read(path);
        int id = CsvRows.Columns(path, header, [ListenerColumn], [])[ListenerColumn];
        var result = new Dictionary<string, ListenerAttributes>();
        foreach (var row in rows)
        {
            if (row.Fields.Length != header.Length)
            {
                problem(path, row.Line, "field-count", $"expected {header.Length} fields, got {row.Fields.Length}");
                continue;
            }
            var listener = row.Fields[id].Trim();
            if (result.TryGetValue(listener, out var first))
            {
                problem(path, row.Line, "duplicate", $"listener {listener} listed again; first at line {first.Line}");
                continue;
            }
            var answers = header.Select((h, i) => (h, i)).Where(x => x.i != id)
                .ToDictionary(x => x.h, x => row.Fields[x.i].Trim());
            result[listener] = new ListenerAttributes(listener, answers, row.Line);
        }
        return result;
    }
}
