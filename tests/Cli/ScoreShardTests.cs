using HumanClap.Audio;
using HumanClap.Tests.Support;

namespace HumanClap.Tests.Cli;

/// <summary>`score --shard K/N` and `score --merge`: the merged file is the single run's byte for byte, even when
/// clips recur in later windows, texts repeat and rows fail.</summary>
public sealed class ScoreShardTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("humanclap-cli-shard-").FullName;
    public void Dispose() => Directory.Delete(_dir, true);

    private string Pairs()
    {
        var clips = Enumerable.Range(0, 7).Select(k =>
        {
            var path = Path.Combine(_dir, $"clip{k}.wav");
            var wave = Enumerable.Range(0, 24_000)
                .Select(i => (float)(0.2 * Math.Sin(2 * Math.PI * (300 + 90 * k) * i / 48_000))).ToArray();
            AudioWriter.WriteWav16(path, wave, 48_000);
            return path;
        }).ToList();
        string[] texts = ["a beep", "a hum", "rain", "knocking", ""];
        // Clips come back after others (a later window needs an earlier window's clip), texts repeat, one file is
        // missing and one text empty.
        var rows = Enumerable.Range(0, 30).Select(i => $"{clips[i * 5 % 7]},{texts[i % 5]}")
            .Append($"{Path.Combine(_dir, "missing.wav")},a beep");
        var csv = Path.Combine(_dir, "pairs.csv");
        File.WriteAllLines(csv, ["audio,text", .. rows]);
        return csv;
    }

    [Fact]
    public void ThreeShardsMergedAreTheSingleRun()
    {
        var pairs = Pairs();
        string[] common = ["score", "--checkpoint", Fixtures.Checkpoint("tiny_unfused"), "--pairs", pairs,
            "--batch-size", "2"];
        var single = Path.Combine(_dir, "single.csv");
        Assert.Equal(1, CliRunner.Run([.. common, "--out", single]).ExitCode); // two rows fail

        var cache = Path.Combine(_dir, "cache");
        var shards = Enumerable.Range(1, 3).Select(k => Path.Combine(_dir, $"shard{k}.csv")).ToList();
        for (int k = 1; k <= 3; k++)
            CliRunner.Run([.. common, "--out", shards[k - 1], "--shard", $"{k}/3", "--cache", cache]);
        var counts = shards.Select(s => File.ReadAllLines(s).Length - 1).ToList();
        Assert.Equal(31, counts.Sum());
        Assert.All(counts, n => Assert.InRange(n, 1, 30));

        var merged = Path.Combine(_dir, "merged.csv");
        var m = CliRunner.Run(["score", "--pairs", pairs, "--out", merged, "--merge", shards[1], "--merge", shards[0],
            "--merge", shards[2]]);
        Assert.Equal(1, m.ExitCode);
        Assert.Equal(File.ReadAllBytes(single), File.ReadAllBytes(merged));

        CliRunner.Run(["score", "--pairs", pairs, "--out", merged, "--merge", shards[0], "--merge", shards[1]])
            .AssertUserError(1, "--merge", "no shard");
        CliRunner.Run(["score", "--pairs", pairs, "--out", merged, "--merge", shards[0], "--merge", shards[0]])
            .AssertUserError(1, "again");
        CliRunner.Run(["score", "--pairs", pairs, "--out", merged, "--merge", single])
            .AssertUserError(1, "not a shard's output");
        CliRunner.Run([.. common, "--out", merged, "--shard", "3/2"]).AssertUserError(1, "--shard", "3/2");
    }
}
