using HumanClap.Scoring;
using HumanClap.Tests.Support;

namespace HumanClap.Tests.Scoring;

/// <summary>The `score` verb's CSV in and out: relative paths, quoting, per-row errors, good rows kept.</summary>
public class PairsFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("humanclap-pairs-").FullName;
    public void Dispose() => Directory.Delete(_dir, true);

    private string WritePairs()
    {
        var wavDir = Path.Combine(_dir, "audio");
        Directory.CreateDirectory(wavDir);
        File.Copy(Path.Combine(Fixtures.Checkpoint("tiny_unfused"), "knocks_4s.wav"),
                  Path.Combine(wavDir, "knocks.wav"));
        var absolute = Path.Combine(Fixtures.Checkpoint("tiny_unfused"), "beeps_10s.wav");
        var csv = Path.Combine(_dir, "pairs.csv");
        File.WriteAllText(csv,
            "audio,text\n" +
            "audio/knocks.wav,\"knocking, then silence\"\n" +
            "audio/missing.wav,a missing file\n" +
            $"{absolute},beeps\n" +
            "audio/knocks.wav,\n");
        return csv;
    }

    [Fact]
    public void ReadResolvesPathsAgainstTheCsvFolderAndKeepsQuotedCommas()
    {
        var rows = PairsFile.Read(WritePairs());
        Assert.Equal(4, rows.Count);
        Assert.Equal(Path.Combine(_dir, "audio", "knocks.wav"), rows[0].AudioPath);
        Assert.Equal("knocking, then silence", rows[0].Text);
        Assert.Equal(3, rows[1].Line);
        Assert.True(Path.IsPathRooted(rows[2].AudioPath) && File.Exists(rows[2].AudioPath));
    }

    [Fact]
    public void MissingColumnNamesTheFileAndColumn()
    {
        var csv = Path.Combine(_dir, "bad.csv");
        File.WriteAllText(csv, "wav,text\nx.wav,y\n");
        var e = Assert.Throws<HumanClap.Common.UserInputException>(() => PairsFile.Read(csv));
        Assert.Contains("bad.csv", e.Message);
        Assert.Contains("'audio'", e.Message);
    }

    [Fact]
    public async Task ScoreVerbWritesGoodRowsAndReportsBadOnesWithNonZeroExit()
    {
        var csv = WritePairs();
        var output = Path.Combine(_dir, "out", "scores.csv");
        int rc = await HumanClap.Cli.CommandLine.RunAsync(
            ["score", "--checkpoint", Fixtures.Checkpoint("tiny_unfused"), "--pairs", csv, "--out", output,
             "--batch-size", "3"]);
        Assert.Equal(1, rc);

        var result = HumanClap.Common.CsvIO.Read(output);
        Assert.Equal(["audio", "text", "cosine", "clapscore", "error"], result.Header);
        var rows = result.Records.Select(r => r.Fields).ToList();
        Assert.Equal(4, rows.Count);
        Assert.Equal("knocking, then silence", rows[0][1]);
        Assert.Contains("not found", rows[1][4]);
        Assert.Contains("line 3", rows[1][4]);
        Assert.Equal("", rows[1][2]);
        Assert.Contains("empty text", rows[3][4]);

        // The good rows carry the same scores the scoring API gives for them alone.
        using var scorer = ClapScorer.FromPretrained(Fixtures.Checkpoint("tiny_unfused"));
        var direct = scorer.ScoreFiles([(Path.Combine(_dir, "audio", "knocks.wav"), "knocking, then silence")]);
        double cos = double.Parse(rows[0][2], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(direct[0].Cosine!.Value, cos, 5);
        Assert.Equal(Math.Max(cos, 0), double.Parse(rows[0][3], System.Globalization.CultureInfo.InvariantCulture), 12);
        Assert.Equal("", rows[2][4]);
    }
}
