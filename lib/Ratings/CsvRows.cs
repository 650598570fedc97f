using Microsoft.VisualBasic.FileIO;

namespace HumanClap.Ratings;

/// <summary>Reads a comma-separated file with a header row, keeping each record's starting line number.</summary>
internal static class CsvRows
{
    public sealed record Row(int Line, string[] Fields);

    public static (string[] Header, List<Row> Rows) Read(string path)
    {
        if (!File.Exists(path)) throw new RatingsFormatException($"{path}: file not found");
        try
        {
            using var parser = new TextFieldParser(path) { TextFieldType = FieldType.Delimited, HasFieldsEnclosedInQuotes = true, TrimWhiteSpace = false };
            parser.SetDelimiters(",");
            if (parser.EndOfData) throw new RatingsFormatException($"{path}:1: empty file (no header row)");
            var header = parser.ReadFields()!.Select(h => h.Trim().TrimStart('\uFEFF')).ToArray();
            var rows = new List<Row>();
            while (!parser.EndOfData)
            {
                long line = parser.LineNumber;   // line the next record starts on (1-based)
                string[]? fields;
                try { fields = parser.ReadFields(); }
                catch (MalformedLineException e) { throw new RatingsFormatException($"{path}:{e.LineNumber}: malformed CSV line ({e.Message})"); }
                if (fields is null || fields.Length == 1 && fields[0].Length == 0) continue;   // blank line
                rows.Add(new Row((int)line, fields));
            }
            return (header, rows);
        }
        catch (IOException e) { throw new RatingsFormatException($"{path}: cannot read ({e.Message})"); }
        catch (UnauthorizedAccessException e) { throw new RatingsFormatException($"{path}: cannot read ({e.Message})"); }
    }

    /// <summary>Index of each required column; a missing one is a structural error naming the file.</summary>
    public static Dictionary<string, int> Columns(string path, string[] header, IEnumerable<string> required, IEnumerable<string> optional)
    {
        var map = new Dictionary<string, int>();
        foreach (var name in required)
        {
            int i = Array.IndexOf(header, name);
            if (i < 0) throw new RatingsFormatException($"{path}:1: missing column '{name}' (header has: {string.Join(", ", header)})");
            map[name] = i;
        }
        foreach (var name in optional)
        {
            int i = Array.IndexOf(header, name);
            if (i >= 0) map[name] = i;
        }
        return map;
    }
}
