using System.Diagnostics;
using System.Text.Json.Nodes;
using HumanClap.Notebooks;
using HumanClap.Tests.Support;
using Xunit.Abstractions;

namespace HumanClap.Tests.Notebooks;

/// <summary>Every notebook in notebooks/ passes every cell in the tools users run them with, as published (pinned in
/// .config/dotnet-tools.json and restored here): the stock kernel driven over stdio as VS Code drives it, and
/// dotnet-repl. The executed copies go to artifacts/notebooks/ (kernel) and artifacts/notebooks-repl/.</summary>
[Collection(SerialCollection.Name)]
public class RepositoryNotebooksTests(PackageFeed packages, ITestOutputHelper output)
{
    private static readonly TimeSpan NotebookTimeout = TimeSpan.FromMinutes(20);
    private static string NotebooksDir => Path.Combine(Fixtures.RepoRoot, "notebooks");

    private static List<string> NotebookNames() =>
        Directory.GetFiles(NotebooksDir).Where(f => f.EndsWith(".ipynb") || f.EndsWith(".dib"))
            .Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToList();

    public static TheoryData<string> Notebooks() => new(NotebookNames());

    [Fact]
    public void The_quickstart_notebook_exists() => Assert.Contains("00-quickstart.ipynb", NotebookNames());

    [Theory]
    [MemberData(nameof(Notebooks))]
    public async Task Notebook_passes_in_the_stock_kernel_over_stdio(string name)
    {
        var runner = new NotebookRunner(new RunnerOptions
        {
            CellTimeout = TimeSpan.FromMinutes(10),
            OutputDirectory = Path.Combine(Fixtures.RepoRoot, "artifacts", "notebooks"),
            Environment = packages.Environment,
        });
        var result = await runner.RunAsync(Path.Combine(NotebooksDir, name));
        output.WriteLine(
            $"{name}: {result.Passed} passed, {result.Failed} failed in {result.Elapsed.TotalSeconds:0.0} s");
        Assert.True(result.Ok,
            $"{name}: " + string.Join("\n", result.Failures.Select(f => $"cell {f.Cell.Index}: {f.Error}")));
        Assert.Equal(result.Notebook.Cells.Count(c => c.Kind == CellKind.Code), result.Passed);
        ExecutedNotebookChecks.AssertSmallAndOffline(result.OutputPath!);
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public async Task Notebook_passes_in_dotnet_repl(string name)
    {
        var outDir = Path.Combine(Fixtures.RepoRoot, "artifacts", "notebooks-repl");
        Directory.CreateDirectory(outDir);
        var executed = Path.Combine(outDir, Path.ChangeExtension(name, ".ipynb"));
        File.Delete(executed);
        await ToolManifest.RestoreAsync(ToolManifest.FindRoot(NotebooksDir), packages.Environment);
        // As a user runs it: from the notebook's folder (dotnet-repl resolves #load and #r against its own).
        var start = ToolManifest.ToolStart("dotnet-repl",
            ["--run", name, "--exit-after-run", "--output-path", executed], NotebooksDir, packages.Environment);
        start.RedirectStandardOutput = start.RedirectStandardError = true;
        var clock = Stopwatch.StartNew();
        using var repl = Process.Start(start)!;
        var stdout = repl.StandardOutput.ReadToEndAsync();
        var stderr = repl.StandardError.ReadToEndAsync();
        using (var limit = new CancellationTokenSource(NotebookTimeout))
        {
            try { await repl.WaitForExitAsync(limit.Token); }
            catch (OperationCanceledException)
            {
                repl.Kill(entireProcessTree: true);
                Assert.Fail($"{name}: dotnet-repl ran over {NotebookTimeout}");
            }
        }
        output.WriteLine($"{name}: dotnet-repl exit {repl.ExitCode} in {clock.Elapsed.TotalSeconds:0.0} s");

        Assert.True(File.Exists(executed),
            $"{name}: dotnet-repl wrote no {executed} (exit {repl.ExitCode}): {await stderr}");
        var errors = ErrorOutputs(executed);
        Assert.True(errors.Count == 0, $"{name}: " + string.Join("\n", errors));
        Assert.True(repl.ExitCode == 0,
            $"{name}: dotnet-repl exit {repl.ExitCode}: {await stderr}{Tail(await stdout)}");
    }

    /// <summary>"cell N: message" for every error output of an executed .ipynb.</summary>
    private static List<string> ErrorOutputs(string ipynb)
    {
        var cells = JsonNode.Parse(File.ReadAllText(ipynb))!["cells"]!.AsArray();
        return cells.Select((c, i) => (c, i))
            .SelectMany(x => (x.c!["outputs"] as JsonArray ?? []).Where(o => (string?)o!["output_type"] == "error")
                .Select(o => $"cell {x.i}: {(string?)o!["evalue"]}"))
            .ToList();
    }

    private static string Tail(string text) => text.Length > 4000 ? text[^4000..] : text;
}
