using HumanClap.Tests.Support;
using System.Text.Json.Nodes;
using HumanClap.Notebooks;

namespace HumanClap.Tests.Notebooks;

/// <summary>The runner drives the stock kernel (restored from .config/dotnet-tools.json) over stdio.</summary>
[Collection(SerialCollection.Name)]
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
        Assert.Contains(result.Cells[2].Outputs,
            o => o.Kind == OutputKind.Display && o.Data["text/html"].Contains("<b>bold-marker</b>"));
        var value = Assert.Single(result.Cells[3].Outputs, o => o.Kind == OutputKind.Result);
        Assert.Contains("<pre>42</pre>", value.Data["text/html"]);
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
        Assert.Contains(written,
            o => (string?)o!["output_type"] == "error" && ((string?)o["evalue"])!.Contains("boom-42"));
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
        var result = await Run("relative-reference.ipynb");
        Assert.True(result.Ok, string.Join("\n", result.Failures.Select(f => $"cell {f.Cell.Index}: {f.Error}")));
        var text = string.Concat(result.Cells[2].Outputs.Select(o => o.Text));
        Assert.Contains("clamped=0", text);
        Assert.Contains("beside=True", text);
    }

    [Fact]
    public async Task Cell_runs_in_the_kernel_of_its_language()
    {
        var result = await Run("fsharp-cell.ipynb");
        Assert.True(result.Ok, string.Join("\n", result.Failures.Select(f => $"cell {f.Cell.Index}: {f.Error}")));
        Assert.Contains("fsharp-cell-ran", string.Concat(result.Cells[0].Outputs.Select(o => o.Text)));
    }

    [Fact]
    public async Task Cell_over_the_timeout_fails_and_the_rest_is_not_run()
    {
        var result = await Run("timeout.ipynb", new RunnerOptions { CellTimeout = TimeSpan.FromMilliseconds(500) });
        Assert.Equal((0, 2), (result.Passed, result.Failed));
        Assert.StartsWith("timed out after", result.Cells[0].Error);
        Assert.StartsWith("not run: an earlier cell timed out", result.Cells[1].Error);
    }

    [Fact]
    public async Task Kernel_that_exits_fails_the_cell_with_its_exit_code()
    {
        var result = await Run("kernel-exits.ipynb");
        Assert.Equal((0, 2), (result.Passed, result.Failed));
        Assert.StartsWith("the kernel exited (code 3)", result.Cells[0].Error);
        Assert.Equal("not run: the kernel exited", result.Cells[1].Error);
    }
}
