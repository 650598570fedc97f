using System.Globalization;
using System.Text;

namespace HumanClap.Synthetic;

/// <summary>Minimal RFC 4180 writing (quotes only where needed, like pandas), LF line ends, UTF-8 without BOM.</summary>
internal static class Csv
{
    public static string Field(string s) => HumanClap.Common.CsvIO.Quote(s);

    public static string Num(double x, string format = "0.####") => x.ToString(format, CultureInfo.InvariantCulture);

    public static void Write(string path, string header, IEnumerable<IEnumerable<string>> rows)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var sb = new StringBuilder(header).Append('\n');
        foreach (var row in rows) sb.Append(string.Join(',', row.Select(Field))).Append('\n');
        File.WriteAllText(path, sb.ToString(), new UTF8Encoding(false));
    }
}
