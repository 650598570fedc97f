using HumanClap.Common;

namespace HumanClap.Tests.Common;

/// <summary>A write that fails part-way (full disk, exception in the writer) leaves the previous file as it was and
/// no temporary file behind.</summary>
public sealed class AtomicFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("humanclap-atomic-").FullName;
    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void FailureMidWriteKeepsThePreviousFileAndLeavesNoTemporary()
    {
        var path = Path.Combine(_dir, "out.csv");
        File.WriteAllText(path, "previous good content\n");
        var e = Assert.Throws<IOException>(() => AtomicFile.Write(path, s =>
        {
            s.Write(new byte[5000]);
            throw new IOException("No space left on device");
        }));
        Assert.Contains("out.csv", e.Message);
        Assert.Equal("previous good content\n", File.ReadAllText(path));
        Assert.Equal(["out.csv"], Directory.GetFiles(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public void ThrowingStreamUnderCsvWriterKeepsThePreviousFile()
    {
        var path = Path.Combine(_dir, "scores.csv");
        CsvIO.Write(path, ["a"], [["1"]]);
        var before = File.ReadAllText(path);
        IEnumerable<IReadOnlyList<string?>> Rows()
        {
            yield return ["2"];
            throw new IOException("disk full");
        }
        Assert.Throws<IOException>(() => CsvIO.Write(path, ["a"], Rows()));
        Assert.Equal(before, File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(_dir));
    }

    [Fact]
    public void SuccessReplacesTheFileWhole()
    {
        var path = Path.Combine(_dir, "sub", "x.txt");
        AtomicFile.WriteAllText(path, "one");
        AtomicFile.WriteAllText(path, "two");
        Assert.Equal("two", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(Path.Combine(_dir, "sub")));
    }

    [Fact]
    public void ProduceRenamesOnlyWhatTheToolWrote()
    {
        var path = Path.Combine(_dir, "figure.png");
        File.WriteAllText(path, "old");
        Assert.False(AtomicFile.Produce(path, tmp => { File.WriteAllText(tmp, "half"); return false; }));
        Assert.Equal("old", File.ReadAllText(path));
        Assert.True(AtomicFile.Produce(path, tmp => { File.WriteAllText(tmp, "new"); return true; }));
        Assert.Equal("new", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(_dir));
    }

    [Fact]
    public void RunLockRefusesASecondHolderNamingTheFirst()
    {
        using (RunLock.Acquire(_dir))
        {
            var e = Assert.Throws<UserInputException>(() => RunLock.Acquire(_dir));
            Assert.Contains($"pid {Environment.ProcessId}", e.Message);
            Assert.Contains("started", e.Message);
        }
        using var again = RunLock.Acquire(_dir);
    }
}
