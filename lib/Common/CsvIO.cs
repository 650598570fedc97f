using System.Globalization;
using System.Text;
using Microsoft.VisualBasic.FileIO;

namespace HumanClap.Common;

/// <summary>A CSV file read with the framework's RFC-4180 parser (quoted commas, quotes and newlines),
/// keeping each record's line number for error messages.</summary>
internal sealed record CsvFile(string Path, IReadOnlyList<string> Header, IReadOnlyList<CsvRecord> Records)
{
    /// <summary>Index of a required column, or an error naming the file and the columns it has.</summary>
    public int Column(string name)
    {
        for (int i = 0; i < Header.Count; i++) if (Header[i] == name) return i;
        throw new UserInputException($"{Path}: missing column '{name}' (columns: {string.Join(", ", Header)})");
    }
}

internal sealed record CsvRecord(long Line, string[] Fields);

internal static class CsvIO
{
    public static CsvFile Read(string path)
    {
        if (Directory.Exists(path)) throw new UserInputException($"{path}: is a folder, expected a CSV file");
        if (!File.Exists(path)) throw new MissingFileException($"{path}: file not found", path);
        using var parser = new TextFieldParser(path, Encoding.UTF8)
        {
            TextFieldType = FieldType.Delimited, HasFieldsEnclosedInQuotes = true, TrimWhiteSpace = false,
        };
        parser.SetDelimiters(",");
        try
        {
            var header = parser.ReadFields() ?? throw new UserInputException($"{path}:1: empty file (no header row)");
            for (int i = 0; i < header.Length; i++) header[i] = header[i].Trim().TrimStart('\uFEFF');
            var records = new List<CsvRecord>();
            while (!parser.EndOfData)
            {
                long line = parser.LineNumber;
                var fields = parser.ReadFields();
                if (fields is null || fields.Length == 1 && fields[0].Length == 0) continue;
                records.Add(new CsvRecord(line, fields));
            }
            return new CsvFile(path, header, records);
        }
        catch (IOException e) when (e is not FileNotFoundException)
        {
            throw new UserInputException($"{path}: cannot read ({e.Message})", e);
        }
        catch (MalformedLineException e)
        {
            throw new UserInputException($"{path}:{e.LineNumber}: malformed CSV line ({e.Message})", e);
        }
    }

    /// <summary>Writes rows with RFC-4180 quoting, atomically (<see cref="AtomicFile"/>); numbers should be formatted
    /// by the caller (invariant culture).</summary>
    public static void Write(string path, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows)
    {
        AtomicFile.WriteText(path, w =>
        {
            w.Write(string.Join(",", header.Select(Quote)) + "\n");
            foreach (var row in rows) w.Write(string.Join(",", row.Select(Quote)) + "\n");
        });
    }

    public static string Format(double? value) => value is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : "";

    /// <summary>RFC-4180 quoting, only where needed (as pandas writes): the one quoting rule of every CSV this
    /// project writes (<see cref="Write"/>, the report tables).</summary>
    public static string Quote(string? field)
    {
        field ??= "";
        return field.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;
    }
}
