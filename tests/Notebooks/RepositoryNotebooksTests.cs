using HumanClap.Notebooks;
using HumanClap.Tests.Support;
using Xunit.Abstractions;

namespace HumanClap.Tests.Notebooks;

/// <summary>Every notebook in notebooks/ must run through our runner with no failing cell. The executed copies go
/// to artifacts/notebooks/, as `./humanclap notebooks` writes them.</summary>
[Collection(NotebookCollection.Name)]
public class RepositoryNotebooksTests(ITestOutputHelper output)
{
    private static string NotebooksDir => Path.Combine(Fixtures.RepoRoot, "notebooks");

    private static List<string> NotebookNames() =>
        Directory.GetFiles(NotebooksDir).Where(f => f.EndsWith(".ipynb") || f.EndsWith(".dib"))
            .Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToList();

    public static TheoryData<string> Notebooks() => new(NotebookNames());

    [Fact]
    public void The_quickstart_notebook_exists() => Assert.Contains("00-quickstart.ipynb", NotebookNames());

    [Theory]
    [MemberData(nameof(Notebooks))]
    public async Task Notebook_runs_without_failing_cells(string name)
    {
        var runner = new NotebookRunner(new RunnerOptions
        {
            CellTimeout = TimeSpan.FromMinutes(5),
            OutputDirectory = Path.Combine(Fixtures.RepoRoot, "artifacts", "notebooks"),
        });
        var result = await runner.RunAsync(Path.Combine(NotebooksDir, name));
        output.WriteLine($"{name}: {result.Passed} passed, {result.Failed} failed in {result.Elapsed.TotalSeconds:0.0} s");
        Assert.True(result.Ok, $"{name}: " + string.Join("\n", result.Failures.Select(f => $"cell {f.Cell.Index}: {f.Error}")));
        Assert.True(result.Passed > 0, $"{name}: no code cell ran");
        ExecutedNotebookChecks.AssertSmallAndOffline(result.OutputPath!);
    }
}
