using System.Globalization;
using HumanClap.Audio;
using HumanClap.Common;
using HumanClap.Scoring;
using HumanClap.Tests.Support;

namespace HumanClap.Tests.Cli;

/// <summary>`score --resampler`: the fast polyphase path for clips at other rates, through the command line.
/// </summary>
public sealed class ScoreResamplerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("humanclap-cli-resampler-").FullName;
    public void Dispose() => Directory.Delete(_dir, true);

    private static readonly string[] Texts = ["knocking", "beeps", "a click", "rain"];

    /// <summary>Two 16 kHz clips (resampled to 48 kHz on load), each against every text.</summary>
    private string Pairs()
    {
        var clips = new[] { 440.0, 3_000.0 }.Select(hz =>
        {
            var path = Path.Combine(_dir, $"tone_{hz}.wav");
            var wave = Enumerable.Range(0, 3 * 16_000).Select(i => 0.3 * Math.Sin(2 * Math.PI * hz * i / 16_000));
            AudioWriter.WriteWav16(path, wave.Select(x => (float)x).ToArray(), 16_000);
            return path;
        }).ToList();
        var csv = Path.Combine(_dir, "pairs.csv");
        var rows = clips.SelectMany(c => Texts.Select(t => $"{c},{t}"));
        File.WriteAllText(csv, "audio,text\n" + string.Join("\n", rows));
        return csv;
    }

    private static double[] Cosines(string csv) =>
        CsvIO.Read(csv).Records.Select(r => double.Parse(r.Fields[2], CultureInfo.InvariantCulture)).ToArray();

    private double[] Score(string pairs, string resampler)
    {
        var output = Path.Combine(_dir, $"scores_{resampler}.csv");
        var r = CliRunner.Run("score", "--checkpoint", Fixtures.Checkpoint("tiny_unfused"), "--pairs", pairs,
            "--out", output, "--resampler", resampler);
        Assert.True(r.ExitCode == 0, r.Error);
        return Cosines(output);
    }

    [Fact]
    public void PolyphaseScoresAreTheLibrarysAndCloseToTheDefault()
    {
        var pairs = Pairs();
        var polyphase = Score(pairs, "polyphase");
        var wdl = Score(pairs, "wdl");
        using var scorer = ClapScorer.FromPretrained(Fixtures.Checkpoint("tiny_unfused"),
            new ScorerOptions { Resampler = ResamplerKind.Polyphase });
        var expected = scorer.ScoreFiles(PairsFile.Read(pairs).Select(r => (r.AudioPath, r.Text)).ToList())
            .Select(s => s.Cosine!.Value).ToArray();

        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], polyphase[i], 1e-5);
        // Same filter: the cosines move by the resamplers' tiny differences (they do differ: another path ran).
        Assert.NotEqual(wdl, polyphase);
        for (int i = 0; i < wdl.Length; i++) Assert.Equal(wdl[i], polyphase[i], 2e-3);
    }

    [Fact]
    public void UnknownResamplerAndMsClapCheckpointAreUserErrors()
    {
        var pairs = Pairs();
        CliRunner.Run("score", "--checkpoint", Fixtures.Checkpoint("tiny_unfused"), "--pairs", pairs, "--out",
            Path.Combine(_dir, "o.csv"), "--resampler", "linear").AssertUserError(2, "--resampler", "linear");
        CliRunner.Run("score", "--checkpoint", MsClapFixtures.Dir("tiny_2023"), "--pairs", pairs, "--out",
            Path.Combine(_dir, "o.csv"), "--resampler", "polyphase").AssertUserError(1, "MS CLAP", "Polyphase");
        Assert.False(File.Exists(Path.Combine(_dir, "o.csv")));
    }
}
