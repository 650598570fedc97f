using HumanClap.Common;
using HumanClap.Tests.Model.MsClap;
using HumanClap.Tests.Support;
using static TorchSharp.torch;

namespace HumanClap.Tests.Scoring;

/// <summary>The `score` verb on MS CLAP checkpoints (folder, pickle, 2022 with its vocabulary): family detected,
/// uncropped clips scored as msclap does, bad rows reported while the others are kept.</summary>
public class MsClapScoringTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("humanclap-msclap-score-").FullName;
    public void Dispose() => Directory.Delete(_dir, true);

    // Clips 0, 1 and 4 are repeat-padded or exact, so HumanClap's seeded crop does not touch them.
    private static readonly int[] UncroppedClips = [0, 1, 4];
    private static readonly int[] Texts = [0, 1, 4];

    private string WritePairs(string name)
    {
        var meta = MsClapMeta.Read(name);
        var lines = new List<string> { "audio,text" };
        foreach (var c in UncroppedClips)
            foreach (var t in Texts) lines.Add($"{meta.AudioFiles[c]},{CsvIO.Quote(meta.Texts[t])}");
        lines.Add($"{Path.Combine(_dir, "missing.wav")},a missing file");
        lines.Add($"{meta.AudioFiles[2]},{CsvIO.Quote(meta.Texts[0])}");
        var csv = Path.Combine(_dir, "pairs.csv");
        File.WriteAllLines(csv, lines);
        return csv;
    }

    private static void AssertScores(string name, string output)
    {
        using var scope = NewDisposeScope();
        var expected = MsClapFixtures.Expected(name)["cosine"];
        var rows = CsvIO.Read(output).Records.Select(r => r.Fields).ToList();
        int k = 0;
        foreach (var c in UncroppedClips)
            foreach (var t in Texts)
            {
                var row = rows[k++];
                Assert.Equal("", row[4]);
                double cosine = double.Parse(row[2], System.Globalization.CultureInfo.InvariantCulture);
                Assert.True(Math.Abs(cosine - expected[c, t].item<float>()) < 1e-3, $"clip {c}, text {t}: {cosine}");
                Assert.Equal(Math.Max(cosine, 0), double.Parse(row[3],
                    System.Globalization.CultureInfo.InvariantCulture), 6);
            }
        Assert.Contains("file not found", rows[k][4]);
        Assert.Equal("", rows[k + 1][4]);
        Assert.NotEqual("", rows[k + 1][2]);
    }

    [Fact]
    public async Task ScoresWithThe2023Folder()
    {
        var output = Path.Combine(_dir, "scores.csv");
        int rc = await HumanClap.Cli.CommandLine.RunAsync(
            ["score", "--checkpoint", MsClapFixtures.Dir("tiny_2023"), "--pairs", WritePairs("tiny_2023"), "--out",
                output]);
        Assert.Equal(1, rc);
        AssertScores("tiny_2023", output);
    }

    [Fact]
    public async Task ScoresWithMsclapsOwnPickleOnlyWhenAllowed()
    {
        var pth = Path.Combine(MsClapFixtures.Dir("tiny_2023"), "CLAP_weights_2023.pth");
        var output = Path.Combine(_dir, "scores.csv");
        var pairs = WritePairs("tiny_2023");
        var error = new StringWriter();
        Assert.Equal(1, await HumanClap.Cli.CommandLine.RunAsync(
            ["score", "--checkpoint", pth, "--pairs", pairs, "--out", output], error: error));
        Assert.Contains("--allow-pickle", error.ToString());
        Assert.False(File.Exists(output));
        int rc = await HumanClap.Cli.CommandLine.RunAsync(
            ["score", "--checkpoint", pth, "--pairs", pairs, "--out", output, "--allow-pickle", "--batch-size", "4"]);
        Assert.Equal(1, rc);
        AssertScores("tiny_2023", output);
    }

    [Fact]
    public async Task ScoresWithThe2022FolderAndItsVocabulary()
    {
        var checkpoint = Path.Combine(_dir, "msclap-2022");
        Directory.CreateDirectory(checkpoint);
        foreach (var f in new[] { "model.safetensors", "msclap_config.json" })
            File.Copy(Path.Combine(MsClapFixtures.Dir("tiny_2022"), f), Path.Combine(checkpoint, f));
        var output = Path.Combine(_dir, "scores.csv");
        var pairs = WritePairs("tiny_2022");
        var error = new StringWriter();
        Assert.Equal(1, await HumanClap.Cli.CommandLine.RunAsync(
            ["score", "--checkpoint", checkpoint, "--pairs", pairs, "--out", output], error: error));
        Assert.Contains("vocab.txt", error.ToString());
        File.Copy(Path.Combine(MsClapFixtures.TokenizerDir, "vocab.txt"), Path.Combine(checkpoint, "vocab.txt"));
        int rc = await HumanClap.Cli.CommandLine.RunAsync(
            ["score", "--checkpoint", checkpoint, "--pairs", pairs, "--out", output]);
        Assert.Equal(1, rc);
        AssertScores("tiny_2022", output);
    }

    [Fact]
    public async Task ConvertVerbWritesALoadableFolder()
    {
        var outDir = Path.Combine(_dir, "converted");
        var pth = Path.Combine(MsClapFixtures.Dir("tiny_2023"), "CLAP_weights_2023.pth");
        Assert.Equal(2, await HumanClap.Cli.CommandLine.RunAsync(["convert", "--checkpoint", pth]));
        Assert.Equal(0, await HumanClap.Cli.CommandLine.RunAsync(
            ["convert", "--checkpoint", pth, "--out", outDir, "--allow-pickle"]));
        var output = Path.Combine(_dir, "scores.csv");
        int rc = await HumanClap.Cli.CommandLine.RunAsync(
            ["score", "--checkpoint", outDir, "--pairs", WritePairs("tiny_2023"), "--out", output]);
        Assert.Equal(1, rc);
        AssertScores("tiny_2023", output);
    }

    [Fact]
    public void MeanOverWindowsEqualsTheSingleClipForShortFilesAndAveragesLongOnes()
    {
        using var scope = NewDisposeScope();
        var meta = MsClapMeta.Read("tiny_2023");
        var plain = HumanClap.Scoring.ClapScorer.FromPretrained(MsClapFixtures.Dir("tiny_2023"));
        var windowed = HumanClap.Scoring.ClapScorer.FromPretrained(MsClapFixtures.Dir("tiny_2023"),
            new HumanClap.Scoring.ScorerOptions { MsClapMeanOverWindows = true });
        using (plain)
        using (windowed)
        {
            // Clip 0 (3 s) is one repeat-padded window either way; clip 3 (10 s) is two windows.
            var a = plain.EmbedAudio([plain.LoadAudio(meta.AudioFiles[0])]);
            var b = windowed.EmbedAudio([windowed.LoadAudio(meta.AudioFiles[0])]);
            for (int d = 0; d < a.GetLength(1); d++) Assert.Equal(a[0, d], b[0, d], 5);
            var joined = windowed.LoadAudio(meta.AudioFiles[3]);
            Assert.Equal(441000, joined.Length);
            var mean = windowed.EmbedAudio([joined]);
            double norm = Math.Sqrt(Enumerable.Range(0, mean.GetLength(1)).Sum(d => (double)mean[0, d] * mean[0, d]));
            Assert.Equal(1.0, norm, 5);
        }
    }
}
