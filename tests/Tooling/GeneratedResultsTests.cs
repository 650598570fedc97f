using HumanClap.Common;
using HumanClap.Reporting;
using HumanClap.Tooling.Docs;
using HumanClap.Tests.Support;

namespace HumanClap.Tests.Tooling;

/// <summary>The measured numbers in the README and docs/ are what the committed result files give, never typed by
/// hand.</summary>
public sealed class GeneratedResultsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("humanclap-readme-").FullName;
    public void Dispose() => Directory.Delete(_dir, true);

    /// <summary>Every generated section of the README and docs/, each in the file that holds it.</summary>
    private static IEnumerable<(string File, string Text, string Name)> Sections() =>
        GeneratedResults.DocumentsWithSections(Fixtures.RepoRoot).SelectMany(f =>
        {
            var text = File.ReadAllText(f);
            return GeneratedResults.SectionNames(text).Select(n => (f, text, n));
        });
    private static string ResultsRoot => Path.Combine(Fixtures.RepoRoot, "docs", "results");

    [Fact]
    public void EveryGeneratedSectionEqualsWhatItsCommittedFilesGive()
    {
        var sections = Sections().ToList();
        foreach (var name in new[] { "results-default", "results-seeds", "bench" })
            Assert.Contains(name, sections.Select(s => s.Name));
        foreach (var (file, text, name) in sections)
            Assert.True(
                GeneratedResults.Expected(ResultsRoot, name).TrimEnd() + "\n" == GeneratedResults.Section(text, name),
                $"{file}: section '{name}' is not what `./humanclap report` writes from docs/results; regenerate it");
    }

    [Fact]
    public void ReadmeTable1IsTheCommittedTable1Verbatim()
    {
        foreach (var (_, text, name) in Sections().Where(s => s.Name.StartsWith("results-")))
        {
            var table1 = Path.Combine(ResultsRoot, name["results-".Length..], GeneratedResults.Table1File);
            if (File.Exists(table1))
                Assert.Contains(File.ReadAllText(table1).TrimEnd(), GeneratedResults.Section(text, name));
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
        var e = Assert.Throws<UserInputException>(() => GeneratedResults.BenchSection(bench));
        Assert.Contains("stall", e.Message);
        Assert.Contains("bench.json", e.Message);
        File.WriteAllText(bench, File.ReadAllText(bench).Replace("\"CpuStallShare\": 0.4", "\"CpuStallShare\": 0.01"));
        Assert.Contains("| audio branch | 1.50 clips/s", GeneratedResults.BenchSection(bench));
        File.WriteAllText(bench,
            File.ReadAllText(bench).Replace("\"MaxRepeatSpread\": 0.02", "\"MaxRepeatSpread\": 0.5"));
        Assert.Contains("spread",
            Assert.Throws<UserInputException>(() => GeneratedResults.BenchSection(bench)).Message);

        // Runs that record the robust dispersion are judged by it: one slow round (max - min 50%) is accepted, a
        // scatter of the typical round is not.
        File.WriteAllText(bench,
            File.ReadAllText(bench).Replace("\"Repeats\"", "\"MaxRepeatDispersion\": 0.02, \"Repeats\""));
        Assert.Contains("dispersion (median absolute deviation) 2.0 %", GeneratedResults.BenchSection(bench));
        File.WriteAllText(bench,
            File.ReadAllText(bench).Replace("\"MaxRepeatDispersion\": 0.02", "\"MaxRepeatDispersion\": 0.2"));
        Assert.Contains("dispersion 20.0 %",
            Assert.Throws<UserInputException>(() => GeneratedResults.BenchSection(bench)).Message);
        var accepted = GeneratedResults.BenchSection(bench, acceptDisturbed: true);
        Assert.StartsWith("**A disturbed run** (repeat dispersion 20.0 %", accepted);
        Assert.Contains("| audio branch | 1.50 clips/s", accepted);
    }

    [Fact]
    public void ReplaceRewritesOnlyTheNamedSection()
    {
        var text = "a\n<!-- generated:x -->\nold\n<!-- /generated:x -->\n" +
                   "b\n<!-- generated:y -->\nkeep\n<!-- /generated:y -->\n";
        var updated = GeneratedResults.Replace(text, "x", "new");
        Assert.Equal("new\n", GeneratedResults.Section(updated, "x"));
        Assert.Equal("keep\n", GeneratedResults.Section(updated, "y"));
        Assert.Throws<UserInputException>(() => GeneratedResults.Replace(text, "z", "new"));
    }
}
