using HumanClap.Common;
using HumanClap.Experiments;

namespace HumanClap.Tests.Cli;

/// <summary>Run folders: a second run is refused while one holds the folder, and a folder holding another run's
/// options is refused before anything in it changes.</summary>
public sealed class RunFolderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("humanclap-cli-run-").FullName;
    public void Dispose() => Directory.Delete(_dir, true);

    private static Dictionary<string, string> Snapshot(string dir) =>
        // The lock's own (empty, hidden) file is not part of the run.
        Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Where(f => !RunLock.IsLockFile(f))
            .ToDictionary(f => Path.GetRelativePath(dir, f), File.ReadAllText);

    [Fact]
    public void HeldLockRefusesSynthNamingTheHolder()
    {
        var outDir = Path.Combine(_dir, "world");
        using (RunLock.Acquire(outDir))
            CliRunner.Run("synth", "--scale", "tiny", "--no-model", "--out", outDir)
                .AssertUserError(1, outDir, $"pid {Environment.ProcessId}");
        Assert.Empty(Directory.EnumerateFileSystemEntries(outDir).Where(e => !RunLock.IsLockFile(e)));
    }

    [Fact]
    public async Task TwoSynthProcessesIntoOneFolder_TheSecondIsRefusedCleanly()
    {
        var outDir = Path.Combine(_dir, "both");
        var first = CliRunner.RunProcessAsync("synth", "--scale", "tiny", "--out", outDir);
        var holder = Path.Combine(outDir, RunLock.HolderFileName);
        for (int i = 0; i < 600 && !File.Exists(holder) && !first.IsCompleted; i++) await Task.Delay(50);
        Assert.True(File.Exists(holder), "the first run never took the lock");
        var (code, output) = await CliRunner.RunProcessAsync("synth", "--scale", "tiny", "--out", outDir);
        Assert.Equal(1, code);
        Assert.Contains("in use by another synth run", output);
        Assert.DoesNotContain("   at ", output);
        var (firstCode, firstOutput) = await first;
        Assert.True(firstCode == 0, firstOutput);
        Assert.True(File.Exists(Path.Combine(outDir, "clap-mini", "model.safetensors")));
    }

    [Fact]
    public void CompareListIsRecordedButAChangedListIsNotRefused()
    {
        // Comparisons are scored afresh by every run; the trainings in the folder do not depend on them.
        var outDir = Path.Combine(_dir, "compare");
        var real = new ExperimentOptions
        {
            OutDir = outDir, Checkpoint = "ckpt", Ratings = "REL.csv", AudioRoot = "audio", Compare = ["msclap-2023"],
        };
        RunFolder.Prepare(real);
        var manifest = Path.Combine(outDir, RunFolder.ManifestFile);
        Assert.Contains(Path.GetFullPath("msclap-2023"), File.ReadAllText(manifest));
        RunFolder.Prepare(real with { Compare = ["msclap-2022", "hf-clap"] });
        Assert.Contains(Path.GetFullPath("hf-clap"), File.ReadAllText(manifest));
        Assert.DoesNotContain(Path.GetFullPath("msclap-2023"), File.ReadAllText(manifest));
        // The options that decide the trainings still refuse.
        Assert.Throws<UserInputException>(() => RunFolder.Prepare(real with { Checkpoint = "other" }));
    }

    [Fact]
    public void ForeignRunIsRefusedBeforeAnythingChanges()
    {
        var outDir = Path.Combine(_dir, "run");
        RunFolder.Prepare(new ExperimentOptions { OutDir = outDir, Scale = "tiny", Seed = 0 });
        Directory.CreateDirectory(Path.Combine(outDir, "world"));
        File.WriteAllText(Path.Combine(outDir, "world", "world.json"), "{\"scale\":{\"Name\":\"tiny\"},\"seed\":0}");
        var before = Snapshot(outDir);

        CliRunner.Run("reproduce", "--scale", "tiny", "--seed", "1", "--out", outDir)
            .AssertUserError(1, "--seed", "--force", "--out");
        CliRunner.Run("reproduce", "--scale", "default", "--out", outDir).AssertUserError(1, "--scale");
        CliRunner.Run("reproduce", "--scale", "tiny", "--epochs", "3", "--out", outDir).AssertUserError(1, "--epochs");
        Assert.Equal(before, Snapshot(outDir));
    }

    [Fact]
    public void RunWrittenBeforeRunJsonIsJudgedByItsWorld()
    {
        var outDir = Path.Combine(_dir, "legacy");
        Directory.CreateDirectory(Path.Combine(outDir, "world"));
        File.WriteAllText(Path.Combine(outDir, "world", "world.json"), "{\"scale\":{\"Name\":\"tiny\"},\"seed\":0}");
        var before = Snapshot(outDir);
        CliRunner.Run("reproduce", "--scale", "tiny", "--seed", "1", "--out", outDir).AssertUserError(1, "--seed");
        Assert.Equal(before, Snapshot(outDir));
    }

    [Fact]
    public void ForceRemovesOnlyTheRunsOwnFiles()
    {
        var outDir = Path.Combine(_dir, "forced");
        RunFolder.Prepare(new ExperimentOptions { OutDir = outDir, Scale = "tiny", Seed = 0 });
        Directory.CreateDirectory(Path.Combine(outDir, "variants", "mse"));
        File.WriteAllText(Path.Combine(outDir, "results.json"), "{}");
        File.WriteAllText(Path.Combine(outDir, "my-notes.txt"), "keep me");
        RunFolder.Prepare(new ExperimentOptions { OutDir = outDir, Scale = "tiny", Seed = 1, StartAfresh = true });
        Assert.Equal(["my-notes.txt", RunFolder.ManifestFile],
            Directory.EnumerateFileSystemEntries(outDir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Contains("\"1\"", File.ReadAllText(Path.Combine(outDir, RunFolder.ManifestFile)));
    }

    [Fact]
    public void EverythingARunWritesIsInsideWhatForceRemoves()
    {
        var run = Path.Combine(_dir, "layout");
        string[] written =
        [
            RunFolder.WorldDir(run), RunFolder.ClapMiniDir(run), RunFolder.BaselineDir(run),
            RunFolder.VariantDir(run, "wSCE+MSE"), RunFolder.TablesDir(run), RunFolder.FiguresDir(run),
            RunFolder.ResultsJson(run),
        ];
        Assert.All(written, path => Assert.Contains(
            Path.GetRelativePath(run, path).Split(Path.DirectorySeparatorChar)[0], RunFolder.OwnedEntries));
        // The folder names of existing runs: a rerun must find their checkpoints to resume.
        Assert.Equal(Path.Combine(run, "variants", "wsce-mse"), RunFolder.VariantDir(run, "wSCE+MSE"));
        Assert.Equal(Path.Combine(run, "variants", "mse-mae"), RunFolder.VariantDir(run, "MSE+MAE"));
    }

    [Theory]
    [InlineData("reproduce", "--epochs", "-3")]
    [InlineData("reproduce", "--epochs", "0")]
    [InlineData("reproduce", "--scale", "huge")]
    [InlineData("reproduce", "--lr", "-1")]
    [InlineData("reproduce", "--seed", "x")]
    [InlineData("reproduce", "--compare", "tests")]
    [InlineData("synth", "--scale", "huge")]
    [InlineData("synth", "--threads", "0")]
    public void BadValuesAreRejectedByTheParser(string verb, string option, string value)
    {
        var outDir = Path.Combine(_dir, "never");
        CliRunner.Run(verb, option, value, "--out", outDir).AssertUserError(2, option);
        Assert.False(Directory.Exists(outDir));
    }
}
