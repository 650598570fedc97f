using HumanClap.Common;

namespace HumanClap.Ratings;

/// <summary>Reads a comma-separated file with a header row, keeping each record's starting line number.</summary>
internal static class CsvRows
{
    public sealed record Row(int Line, string[] Fields);

    public static (string[] Header, List<Row> Rows) Read(string path)
    {
        CsvFile csv;
        try { csv = CsvIO.Read(path); }
        catch (Exception e) when (e is IOException or UserInputException or UnauthorizedAccessException)
        {
            throw new RatingsFormatException(e.Message);
        }
        return (csv.Header.ToArray(), csv.Records.Select(r => new Row((int)r.Line, r.Fields)).ToList());
    }

    /// <summary>Index of each required column; a missing one is a structural error naming the file.</summary>
    public static Dictionary<string, int> Columns(string path, string[] header, IEnumerable<string> required,
        IEnumerable<string> optional)
    {
        var map = new Dictionary<string, int>();
        foreach (var name in required)
        {
            int i = Array.IndexOf(header, name);
            if (i < 0)
                throw new RatingsFormatException(
                    $"{path}:1: missing column '{name}' (header has: {string.Join(", ", header)})");
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
