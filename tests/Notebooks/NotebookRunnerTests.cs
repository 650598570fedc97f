using System.Text.Json.Nodes;
using HumanClap.Notebooks;

namespace HumanClap.Tests.Notebooks;

[Collection(NotebookCollection.Name)]
public class NotebookRunnerTests
{
    private static Task<NotebookResult> Run(string name, RunnerOptions? options = null) =>
        new NotebookRunner(options).RunAsync(NotebookFixtures.Path(name));

    [Fact]
    public async Task Passing_notebook_captures_stdout_display_and_result()
    {
        var result = await Run("passing.ipynb");
        Assert.Equal((3, 0), (result.Passed, result.Failed));
        Assert.Equal(CellStatus.Skipped, result.Cells[0].Status);
        Assert.Contains(result.Cells[1].Outputs, o => o.Kind == OutputKind.Stdout && o.Text == "hello from a cell\n");
        Assert.Contains(result.Cells[2].Outputs, o => o.Kind == OutputKind.Display && o.Data["text/html"].Contains("<b>bold-marker</b>"));
        var value = Assert.Single(result.Cells[3].Outputs, o => o.Kind == OutputKind.Result);
        Assert.Equal("42", value.Data["text/plain"]);
        Assert.Contains("42", value.Data["text/html"]);
    }

    [Fact]
    public async Task Executed_notebook_is_written_with_outputs()
    {
        var outDir = NotebookFixtures.TempDir();
        var result = await Run("passing.ipynb", new RunnerOptions { OutputDirectory = outDir });
        Assert.Equal(Path.Combine(outDir, "passing.ipynb"), result.OutputPath);
        var cells = JsonNode.Parse(File.ReadAllText(result.OutputPath!))!["cells"]!.AsArray();
        Assert.Equal(4, cells.Count);
        Assert.Equal("hello from a cell\n", (string?)cells[1]!["outputs"]![0]!["text"]);
        Assert.Equal("execute_result", (string?)cells[3]!["outputs"]![0]!["output_type"]);
        Assert.Equal("csharp", (string?)cells[1]!["metadata"]!["polyglot_notebook"]!["kernelName"]);
    }

    [Fact]
    public async Task Failing_cell_is_reported_by_index_and_later_cells_still_run()
    {
        var outDir = NotebookFixtures.TempDir();
        var result = await Run("failing.ipynb", new RunnerOptions { OutputDirectory = outDir });
        Assert.False(result.Ok);
        Assert.Equal((2, 1), (result.Passed, result.Failed));
        var failure = Assert.Single(result.Failures);
        Assert.Equal(2, failure.Cell.Index);
        Assert.Contains("boom-42", failure.Error);
        Assert.Contains(result.Cells[3].Outputs, o => o.Text == "after\n");
        var written = JsonNode.Parse(File.ReadAllText(result.OutputPath!))!["cells"]![2]!["outputs"]!.AsArray();
        Assert.Contains(written, o => (string?)o!["output_type"] == "error" && ((string?)o["evalue"])!.Contains("boom-42"));
    }

    [Fact]
    public async Task Dib_notebook_runs_and_writes_ipynb()
    {
        var outDir = NotebookFixtures.TempDir();
        var result = await Run("sections.dib", new RunnerOptions { OutputDirectory = outDir });
        Assert.Equal((2, 0), (result.Passed, result.Failed));
        Assert.Contains(result.Cells[2].Outputs, o => o.Text == "dib-result=21\n");
        Assert.EndsWith("sections.ipynb", result.OutputPath);
        Assert.Equal(3, JsonNode.Parse(File.ReadAllText(result.OutputPath!))!["cells"]!.AsArray().Count);
    }

    [Fact]
    public async Task Relative_reference_and_paths_resolve_against_the_notebook_folder()
    {
        var before = Directory.GetCurrentDirectory();
        var result = await Run("relative-reference.ipynb");
        Assert.True(result.Ok, string.Join("\n", result.Failures.Select(f => $"cell {f.Cell.Index}: {f.Error}")));
        var text = string.Concat(result.Cells[2].Outputs.Select(o => o.Text));
        Assert.Contains("clamped=0", text);
        Assert.Contains("beside=True", text);
        Assert.Equal(before, Directory.GetCurrentDirectory());
    }

    [Fact]
    public async Task Non_csharp_cell_fails_with_a_clear_message()
    {
        var result = await Run("fsharp-cell.ipynb");
        var failure = Assert.Single(result.Failures);
        Assert.Contains("language 'fsharp' is not supported", failure.Error);
    }

    [Fact]
    public async Task Cell_over_the_timeout_fails_and_the_rest_is_not_run()
    {
        var stdout = Console.Out;
        var result = await Run("timeout.ipynb", new RunnerOptions { CellTimeout = TimeSpan.FromMilliseconds(500) });
        Assert.Same(stdout, Console.Out); // the stuck kernel's Console redirection is undone
        Assert.Equal((0, 2), (result.Passed, result.Failed));
        Assert.StartsWith("timed out after", result.Cells[0].Error);
        Assert.StartsWith("not run", result.Cells[1].Error);
    }
}
