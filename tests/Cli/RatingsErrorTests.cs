using HumanClap.Tests.Ratings;

namespace HumanClap.Tests.Cli;

/// <summary>Degenerate ratings files: a clear error naming the file, exit 1, and nothing written.</summary>
public sealed class RatingsErrorTests : IDisposable
{
    private readonly string _out =
        Path.Combine(Directory.CreateTempSubdirectory("humanclap-cli-ratings-").FullName, "out");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_out)!, true);

    [Fact]
    public void HeaderOnlyFile()
    {
        var scores = RatingsCsv.Write(RatingsCsv.RelHeader);
        CliRunner.Run("ratings", "--scores", scores, "--out", _out).AssertUserError(1, scores);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_out));
    }

    [Fact]
    public void SingleAnchorRow()
    {
        var scores = RatingsCsv.Write(RatingsCsv.RelHeader, "/anchor/a.wav,a dog barks,1,L1,natural,True,excluded,");
        CliRunner.Run("ratings", "--scores", scores, "--out", _out).AssertUserError(1, scores, "no audio-text pairs");
        Assert.Empty(Directory.EnumerateFileSystemEntries(_out));
    }

    [Fact]
    public void BadOptionsAreUsageErrors()
    {
        var scores = RatingsCsv.Write(RatingsCsv.RelHeader);
        CliRunner.Run("ratings", "--scores", scores, "--out", _out, "--threshold", "two")
            .AssertUserError(2, "--threshold");
        CliRunner.Run("ratings", "--scores", scores, "--out", _out, "--rule", "median").AssertUserError(2, "median");
        CliRunner.Run("ratings", "--scores", scores).AssertUserError(2, "--out");
        CliRunner.Run("ratings", "--scores", Path.Combine(_out, "missing.csv"), "--out", _out)
            .AssertUserError(1, "missing.csv");
    }
}
