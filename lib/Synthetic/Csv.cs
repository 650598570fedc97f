using System.Globalization;

namespace HumanClap.Synthetic;

/// <summary>
/// The world's CSV files, written by the library's one CSV writer (RFC 4180, quotes only where needed).
/// </summary>
internal static class Csv
{
    public static string Num(double x, string format = "0.####") => x.ToString(format, CultureInfo.InvariantCulture);

    public static void Write(string path, string header, IEnumerable<IEnumerable<string>> rows) =>
        HumanClap.Common.CsvIO.Write(path, header.Split(','), rows.Select(r => (IReadOnlyList<string?>)r.ToList()));
}
