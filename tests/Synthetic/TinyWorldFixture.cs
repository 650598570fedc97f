using HumanClap.Synthetic;

namespace HumanClap.Tests.Synthetic;

/// <summary>One tiny world shared by the tests that only read it (generation takes a few seconds).</summary>
public sealed class TinyWorldFixture : IDisposable
{
    public const int Seed = 7;
    public string Dir { get; } = Path.Combine(Path.GetTempPath(), "humanclap-world-" + Guid.NewGuid().ToString("N"));
    public WorldSummary Summary { get; }

    public TinyWorldFixture() => Summary = SyntheticWorld.Generate(WorldScale.Tiny, Seed, Dir);

    public void Dispose() => Directory.Delete(Dir, recursive: true);

    /// <summary>Rows of a world CSV as column → value, read with the library's CSV reader.</summary>
    public static List<Dictionary<string, string>> ReadCsv(string path)
    {
        var csv = HumanClap.Common.CsvIO.Read(path);
        return csv.Records
            .Select(r => csv.Header.Select((h, i) => (h, r.Fields[i])).ToDictionary(x => x.h, x => x.Item2)).ToList();
    }
}
