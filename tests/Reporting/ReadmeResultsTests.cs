using HumanClap.Common;
using HumanClap.Reporting;
using HumanClap.Tests.Support;

namespace HumanClap.Tests.Reporting;

/// <summary>The README's measured numbers are what the committed result files give, never typed by hand.</summary>
public sealed class ReadmeResultsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("humanclap-readme-").FullName;
    public void Dispose() => Directory.Delete(_dir, true);

    private static string Readme => File.ReadAllText(Path.Combine(Fixtures.RepoRoot, "README.md"));
    private static string ResultsRoot => Path.Combine(Fixtures.RepoRoot, "docs", "results");

    [Fact]
    public void EveryGeneratedSectionEqualsWhatItsCommittedFilesGive()
    {
        var names = ReadmeResults.SectionNames(Readme);
        Assert.Contains("results-default", names);
        Assert.Contains("bench", names);
        foreach (var name in names)
            Assert.True(
                ReadmeResults.Expected(ResultsRoot, name).TrimEnd() + "\n" == ReadmeResults.Section(Readme, name),
                $"README section '{name}' is not what `./humanclap report` writes from docs/results; regenerate it");
    }

    [Fact]
    public void ReadmeTable1IsTheCommittedTable1Verbatim()
    {
        foreach (var name in ReadmeResults.SectionNames(Readme).Where(n => n.StartsWith("results-")))
        {
            var table1 = Path.Combine(ResultsRoot, name["results-".Length..], ReadmeResults.Table1File);
            if (File.Exists(table1))
                Assert.Contains(File.ReadAllText(table1).TrimEnd(), ReadmeResults.Section(Readme, name));
        }
    }

    [Fact]
    public void DisturbedBenchIsRefusedNamingTheReason()
    {
        var bench = Path.Combine(_dir, "bench.json");
        File.WriteAllText(bench, """
            { "Threads": 2, "SgemmGflops": 160, "AudioClipsPerSecond": 1.5, "AudioGflops": 19,
              "ExtractorShareOfAudioTime": 0.07, "TextCaptionsPerSecond77": 2.7, "TextGflops77": 36,
              "TextCaptionsPerSecondLongest": 16, "LongestPaddingSpeedup": 6, "LongestPaddedLength": 29,
              "CpuStallShare": 0.4, "MaxRepeatSpread": 0.02, "Repeats": 4 }
            """);
        var e = Assert.Throws<UserInputException>(() => ReadmeResults.BenchSection(bench));
        Assert.Contains("stall", e.Message);
        Assert.Contains("bench.json", e.Message);
        File.WriteAllText(bench, File.ReadAllText(bench).Replace("\"CpuStallShare\": 0.4", "\"CpuStallShare\": 0.01"));
        Assert.Contains("| audio branch | 1.50 clips/s", ReadmeResults.BenchSection(bench));
        File.WriteAllText(bench,
            File.ReadAllText(bench).Replace("\"MaxRepeatSpread\": 0.02", "\"MaxRepeatSpread\": 0.5"));
        Assert.Contains("spread", Assert.Throws<UserInputException>(() => ReadmeResults.BenchSection(bench)).Message);

        // Runs that record the robust dispersion are judged by it: one slow round (max - min 50%) is accepted, a
        // scatter of the typical round is not.
        File.WriteAllText(bench,
            File.ReadAllText(bench).Replace("\"Repeats\"", "\"MaxRepeatDispersion\": 0.02, \"Repeats\""));
        Assert.Contains("dispersion (median absolute deviation) 2.0 %", ReadmeResults.BenchSection(bench));
        File.WriteAllText(bench,
            File.ReadAllText(bench).Replace("\"MaxRepeatDispersion\": 0.02", "\"MaxRepeatDispersion\": 0.2"));
        Assert.Contains("dispersion 20.0 %",
            Assert.Throws<UserInputException>(() => ReadmeResults.BenchSection(bench)).Message);
        var accepted = ReadmeResults.BenchSection(bench, acceptDisturbed: true);
        Assert.StartsWith("**A disturbed run** (repeat dispersion 20.0 %", accepted);
        Assert.Contains("| audio branch | 1.50 clips/s", accepted);
    }

    [Fact]
    public void ReplaceRewritesOnlyTheNamedSection()
    {
        var text = "a\n<!-- generated:x -->\nold\n<!-- /generated:x -->\n" +
                   "b\n<!-- generated:y -->\nkeep\n<!-- /generated:y -->\n";
        var updated = ReadmeResults.Replace(text, "x", "new");
        Assert.Equal("new\n", ReadmeResults.Section(updated, "x"));
        Assert.Equal("keep\n", ReadmeResults.Section(updated, "y"));
        Assert.Throws<UserInputException>(() => ReadmeResults.Replace(text, "z", "new"));
    }
}
