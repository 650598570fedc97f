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

    /// <summary>A deliberately simple CSV reader for tests (quoted fields with commas; no embedded newlines).</summary>
    public static List<Dictionary<string, string>> ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = SplitLine(lines[0]);
        return lines.Skip(1).Select(l => SplitLine(l).Select((v, i) => (header[i], v)).ToDictionary(x => x.Item1, x => x.v)).ToList();
    }

    public static List<string> SplitLine(string line)
    {
        var fields = new List<string>();
        var cur = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"') { cur.Append('"'); i++; }
            else if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) { fields.Add(cur.ToString()); cur.Clear(); }
            else cur.Append(c);
        }
        fields.Add(cur.ToString());
        return fields;
    }
}
