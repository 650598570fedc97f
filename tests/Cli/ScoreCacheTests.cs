using System.Globalization;
using HumanClap.Cli;
using HumanClap.Common;
using HumanClap.Scoring;
using HumanClap.Tests.Support;

namespace HumanClap.Tests.Cli;

/// <summary>`score --cache DIR` through the real command line: a second run decodes no clip, two processes sharing
/// one cache both write correct scores; the progress line's arithmetic.</summary>
public sealed class ScoreCacheTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("humanclap-cli-cache-").FullName;
    public void Dispose() => Directory.Delete(_dir, true);

    private static readonly string[] ClipNames = ["knocks_4s.wav", "beeps_10s.wav", "click_0p8s.wav"];

    private string Pairs()
    {
        var ckpt = Fixtures.Checkpoint("tiny_unfused");
        var lines = ClipNames.SelectMany(c => new[] { "knocking", "beeps", "a click", "rain" }
            .Select(t => $"{Path.Combine(ckpt, c)},{t}"));
        var path = Path.Combine(_dir, "pairs.csv");
        File.WriteAllText(path, "audio,text\n" + string.Join("\n", lines) + "\n");
        return path;
    }

    private Task<(int ExitCode, string Output)> Score(string pairs, string output) =>
        CliRunner.RunProcessAsync("score", "--checkpoint", Fixtures.Checkpoint("tiny_unfused"), "--pairs", pairs,
            "--out", output, "--cache", Path.Combine(_dir, "cache"));

    private static double[] Cosines(string csv) =>
        CsvIO.Read(csv).Records.Select(r => double.Parse(r.Fields[2], CultureInfo.InvariantCulture)).ToArray();

    [Fact]
    public async Task SecondRunDecodesNothingAndTwoConcurrentRunsShareTheCache()
    {
        var pairs = Pairs();
        using var reference = ClapScorer.FromPretrained(Fixtures.Checkpoint("tiny_unfused"));
        var expected = reference.ScoreFiles(PairsFile.Read(pairs).Select(r => (r.AudioPath, r.Text)).ToList())
            .Select(s => s.Cosine!.Value).ToArray();

        var both = await Task.WhenAll(Score(pairs, Path.Combine(_dir, "a.csv")),
            Score(pairs, Path.Combine(_dir, "b.csv")));
        foreach (var (code, output) in both) Assert.True(code == 0, output);
        foreach (var name in new[] { "a.csv", "b.csv" })
        {
            var cos = Cosines(Path.Combine(_dir, name));
            for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], cos[i], 1e-5);
        }

        var (rc, again) = await Score(pairs, Path.Combine(_dir, "c.csv"));
        Assert.True(rc == 0, again);
        Assert.Contains(
            "12 scored, 0 failed; 0 clips decoded, 0 clips and 0 texts embedded, 7 embeddings from the cache", again);
        Assert.Equal(File.ReadAllText(Path.Combine(_dir, "a.csv")), File.ReadAllText(Path.Combine(_dir, "c.csv")));
    }

    [Fact]
    public void CacheThatIsAFileIsAUserErrorNamingTheOption()
    {
        var file = Path.Combine(_dir, "not-a-folder");
        File.WriteAllText(file, "x");
        var r = CliRunner.Run("score", "--checkpoint", Fixtures.Checkpoint("tiny_unfused"), "--pairs", Pairs(),
            "--out", Path.Combine(_dir, "o.csv"), "--cache", file);
        r.AssertUserError(1, "--cache", "not-a-folder");
        Assert.False(File.Exists(Path.Combine(_dir, "o.csv")));
    }

    [Fact]
    public void ProgressLineShowsCountRateAndEta()
    {
        var line = ConsoleRateProgress.Line(50, 200, 10, "pairs");
        Assert.Contains("50/200 pairs", line);
        Assert.Contains("5.0 pairs/s", line);
        Assert.Contains("ETA 0:00:30", line);
        Assert.Contains("[#######.......................]", line);
    }
}
