using HumanClap.Tests.Support;

namespace HumanClap.Tests.Cli;

/// <summary>`score --protocol`: the toolkit's summary line, and the conflicts and mismatches as one-line errors.
/// </summary>
public sealed class ScoreProtocolTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("humanclap-cli-protocol-").FullName;
    public void Dispose() => Directory.Delete(_dir, true);

    private string Pairs()
    {
        var clips = Path.Combine(LaionFixtures.Root, "clips");
        var csv = Path.Combine(_dir, "pairs.csv");
        File.WriteAllLines(csv, ["audio,text", $"{clips}/long_48k_11p2s.wav,rain", $"{clips}/speech_48k_3p3s.wav,talk",
            $"{_dir}/missing.wav,nothing"]);
        return csv;
    }

    [Fact]
    public async Task TheSummaryIsTheMeanCosineOfTheScoredClips()
    {
        var pt = LaionFixtures.CopyToTemp("tiny_unfused", _dir);
        var output = Path.Combine(_dir, "scores.csv");
        var (code, text) = await CliRunner.RunProcessAsync("score", "--checkpoint", pt, "--allow-pickle", "--pairs",
            Pairs(), "--out", output, "--protocol", "tango2");
        Assert.Equal(1, code); // the missing clip's row failed; the others are scored
        var cosines = HumanClap.Common.CsvIO.Read(output).Records.Take(2)
            .Select(r => double.Parse(r.Fields[2], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var mean = Math.Round(cosines.Average(), 2).ToString("F2", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"tango2 CLAPScore: {mean} (mean cosine, unclamped, of 2 clips", text);
        Assert.Contains("missing.wav", text);
    }

    [Fact]
    public void ConflictsAndMismatchesAreOneLine()
    {
        var pt = LaionFixtures.CopyToTemp("tiny_unfused", _dir);
        var output = Path.Combine(_dir, "scores.csv");
        string[] common = ["score", "--checkpoint", pt, "--allow-pickle", "--pairs", Pairs(), "--out", output];
        CliRunner.Run([.. common, "--protocol", "tango2", "--resampler", "wdl"])
            .AssertUserError(2, "--protocol tango2", "--resampler");
        CliRunner.Run([.. common, "--protocol", "stable-audio-metrics"])
            .AssertUserError(1, "stable-audio-metrics", "unfused");
        CliRunner.Run([.. common, "--protocol", "tango3"]).AssertUserError(2, "--protocol", "tango3");
        Assert.False(File.Exists(output));
    }
}
