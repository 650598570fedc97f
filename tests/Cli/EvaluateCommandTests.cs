using System.Globalization;
using HumanClap.Audio;
using HumanClap.Tests.Support;

namespace HumanClap.Tests.Cli;

/// <summary>`evaluate` from the command line: a small benchmark of three systems scored by two backbones, with
/// ratings; bad input as one-line errors before any scoring, failed clips as failed rows; shards + merge.</summary>
public sealed class EvaluateCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("humanclap-cli-evaluate-").FullName;
    public void Dispose() => Directory.Delete(_dir, true);

    private (string Systems, string PromptsCsv, string Ratings) Benchmark(bool ratings = true) =>
        TtaBenchmark.Write(_dir, ratings);

    private static string[] Args(string systems, string prompts, string outDir, params string[] more) =>
        TtaBenchmark.EvaluateArgs(systems, prompts, outDir, more);

    [Fact]
    public void WritesTheReportAndKeepsGoodRowsWhenClipsFail()
    {
        var (systems, prompts, rel) = Benchmark();
        File.Delete(Path.Combine(systems, "tango", "p2.wav")); // tango lacks p2: compared on the intersection
        File.WriteAllText(Path.Combine(systems, "tango2", "p3.wav"), "not audio"); // undecodable
        var outDir = Path.Combine(_dir, "report");
        var r = CliRunner.Run(Args(systems, prompts, outDir, "--ratings", rel, "--audio-root", systems));
        Assert.Equal(1, r.ExitCode);
        Assert.False(r.HasStackTrace, r.Error);

        var scores = File.ReadAllLines(Path.Combine(outDir, "scores.csv"));
        Assert.Equal(1 + 2 * 14, scores.Length); // 14 clips × 2 backbones
        Assert.Equal(2, scores.Count(l => l.Contains("p3.wav") && l.Contains("tango2") && !l.EndsWith(',')));
        Assert.Equal(26, scores.Skip(1).Count(l => l.EndsWith(',')));
        var md = File.ReadAllText(Path.Combine(outDir, "report.md"));
        Assert.Contains("4 of 5 prompts have a clip of every system", md);
        Assert.Contains("2 clip scores failed", md);
        Assert.Contains("## Agreement with the listeners", md);
        Assert.Contains("## Category: impacts", md);
        foreach (var f in new[] { "report.html", "results.json", "per-prompt.csv", "systems.csv", "comparisons.csv" })
            Assert.True(File.Exists(Path.Combine(outDir, f)), f);
    }

    [Fact]
    public void BadInputIsOneLineBeforeAnyScoring()
    {
        var (systems, prompts, _) = Benchmark(ratings: false);
        var outDir = Path.Combine(_dir, "out");
        CliRunner.Run(Args(systems, prompts, outDir, "--model", "broken=" + Path.Combine(_dir, "nowhere")))
            .AssertUserError(1, "--model broken=", "nowhere");
        Assert.False(File.Exists(Path.Combine(outDir, "scores.csv")));

        File.WriteAllBytes(Path.Combine(systems, "tango", "p7.wav"), []);
        CliRunner.Run(Args(systems, prompts, outDir)).AssertUserError(1, "p7.wav", "'p7'");
        File.Delete(Path.Combine(systems, "tango", "p7.wav"));

        var clips = Path.Combine(_dir, "clips.csv");
        File.WriteAllLines(clips, ["system,prompt_id,text,audio", "a,p1,rain,x.wav", "a,p1,rain,y.wav"]);
        CliRunner.Run("evaluate", "--clips", clips, "--out", outDir, "--model",
                "m=" + Fixtures.Checkpoint("tiny_unfused"))
            .AssertUserError(1, "clips.csv:2", "clips.csv:3");
        File.WriteAllLines(clips, ["system,prompt_id,text,audio", "a,p1,rain,x.wav"]);
        CliRunner.Run("evaluate", "--clips", clips, "--out", outDir).AssertUserError(1, "--model");
        CliRunner.Run("evaluate", "--out", outDir).AssertUserError(2, "--clips");
        CliRunner.Run([.. Args(systems, prompts, outDir), "--shard", "0/3"]).AssertUserError(1, "--shard", "0/3");
        Assert.False(File.Exists(Path.Combine(outDir, "scores.csv")));
    }

    /// <summary>Three shards sharing one cache, merged, give the single run's files byte for byte.</summary>
    [Fact]
    public void ThreeShardsAndAMergeAreTheSingleRun()
    {
        var (systems, prompts, rel) = Benchmark();
        string[] ratings = ["--ratings", rel, "--audio-root", systems, "--batch-size", "2"];
        var single = Path.Combine(_dir, "single");
        Assert.Equal(0, CliRunner.Run([.. Args(systems, prompts, single), .. ratings]).ExitCode);

        var cache = Path.Combine(_dir, "cache");
        var shards = Enumerable.Range(1, 3).Select(k => Path.Combine(_dir, $"shard-{k}")).ToList();
        for (int k = 1; k <= 3; k++)
        {
            var r = CliRunner.Run([.. Args(systems, prompts, shards[k - 1]), .. ratings, "--shard", $"{k}/3",
                "--cache", cache]);
            Assert.True(r.ExitCode == 0, r.Error);
        }
        // Each shard scored its own clips only.
        var shardRows = shards.Select(s => File.ReadAllLines(Path.Combine(s, "scores.csv")).Length - 1).ToList();
        Assert.Equal(2 * 15, shardRows.Sum());
        Assert.All(shardRows, n => Assert.InRange(n, 1, 2 * 15 - 1));

        var merged = Path.Combine(_dir, "merged");
        var m = CliRunner.Run(["evaluate", "--systems", systems, "--prompts", prompts, "--out", merged, "--resamples",
            "200", .. ratings, "--merge", shards[2], "--merge", shards[0], "--merge", shards[1]]);
        Assert.True(m.ExitCode == 0, m.Error);
        foreach (var file in new[] { "scores.csv", "per-prompt.csv", "systems.csv", "comparisons.csv", "results.json",
                     "report.md", "report.html" })
            Assert.True(File.ReadAllBytes(Path.Combine(single, file))
                .SequenceEqual(File.ReadAllBytes(Path.Combine(merged, file))), file);

        CliRunner.Run(["evaluate", "--systems", systems, "--prompts", prompts, "--out", merged, "--merge", shards[0],
            "--merge", shards[1]]).AssertUserError(1, "--merge", "1..3");
        var edited = Path.Combine(shards[0], "scores.csv");
        var lines = File.ReadAllLines(edited);
        lines[1] = System.Text.RegularExpressions.Regex.Replace(lines[1], @",(-?[0-9.Ee+-]+),", ",not-a-number,");
        File.WriteAllLines(edited, lines);
        CliRunner.Run(["evaluate", "--systems", systems, "--prompts", prompts, "--out", merged, "--merge", shards[0],
            "--merge", shards[1], "--merge", shards[2]]).AssertUserError(1, "scores.csv:2", "not-a-number");
    }

    [ChromiumFact]
    public void TheReportRendersInChromium()
    {
        var (systems, prompts, rel) = Benchmark();
        var outDir = Path.Combine(_dir, "shot");
        Assert.Equal(0, CliRunner.Run(Args(systems, prompts, outDir, "--ratings", rel, "--audio-root", systems))
            .ExitCode);
        var png = Path.Combine(outDir, "report.png");
        Assert.True(HumanClap.Reporting.PageScreenshot.TryCapture(Path.Combine(outDir, "report.html"), png,
            out var why), why);
        var bytes = File.ReadAllBytes(png);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        Assert.True(bytes.Length > 20_000, $"a {bytes.Length}-byte screenshot is too small to hold the charts");
    }
}
