using System.Diagnostics;

namespace HumanClap.Notebooks;

/// <summary>Runs a notebook the way VS Code does: a fresh stock kernel per notebook (<see cref="StdioKernel"/>) with
/// the notebook's folder as working directory, each code cell sent as a <c>SubmitCode</c> to the cell's kernel
/// (<c>csharp</c>, <c>fsharp</c>, ...). A cell passes on <c>CommandSucceeded</c> and fails on <c>CommandFailed</c>;
/// a failing cell does not stop the later ones (as in VS Code's "Run All"); a cell over the timeout does, and the
/// kernel is killed. Displayed values, return values, stdout and stderr become the executed notebook's
/// outputs.</summary>
public sealed class NotebookRunner(RunnerOptions? options = null)
{
    public RunnerOptions Options { get; } = options ?? new RunnerOptions();

    public async Task<NotebookResult> RunAsync(string path, CancellationToken cancel = default)
    {
        var notebook = NotebookReader.Load(Path.GetFullPath(path));
        var folder = Path.GetDirectoryName(notebook.Path)!;
        var clock = Stopwatch.StartNew();
        var results = new List<CellResult>();
        string? stopped = null;
        StdioKernel? kernel = null;
        try
        {
            foreach (var cell in notebook.Cells)
            {
                if (cell.Kind == CellKind.Markdown)
                    results.Add(new CellResult(cell, CellStatus.Skipped, [], null, TimeSpan.Zero));
                else if (stopped is not null)
                    results.Add(new CellResult(cell, CellStatus.Failed, [], stopped, TimeSpan.Zero));
                else
                {
                    try { kernel ??= await StdioKernel.StartAsync(
                        folder, Options.KernelStartTimeout, cancel, Options.Environment); }
                    catch (Exception e) when (e is KernelProcessException or TimeoutException)
                    {
                        stopped = $"not run: the kernel did not start ({e.Message})";
                        results.Add(new CellResult(cell, CellStatus.Failed, [], stopped, TimeSpan.Zero));
                        continue;
                    }
                    var result = await RunCellAsync(kernel, cell, cancel);
                    results.Add(result);
                    if (!result.KernelAlive)
                        stopped = result.Error!.StartsWith("timed out")
                            ? "not run: an earlier cell timed out"
                            : "not run: the kernel exited";
                }
            }
        }
        finally
        {
            if (kernel is not null) await kernel.DisposeAsync();
        }

        string? outputPath = null;
        if (Options.OutputDirectory is { } outDir)
        {
            Directory.CreateDirectory(outDir);
            outputPath = Path.Combine(outDir, Path.GetFileNameWithoutExtension(notebook.Path) + ".ipynb");
            ExecutedNotebookWriter.Write(notebook, results, outputPath);
        }
        return new NotebookResult(notebook, results, clock.Elapsed, outputPath);
    }

    private async Task<CellResult> RunCellAsync(StdioKernel kernel, NotebookCell cell, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var submission = await kernel.SubmitAsync(cell.Source, cell.Language, Options.CellTimeout, cancel);
            var outputs = KernelOutputs.From(submission.Events);
            return submission.Succeeded
                ? new CellResult(cell, CellStatus.Passed, outputs, null, clock.Elapsed)
                : new CellResult(cell, CellStatus.Failed, outputs, submission.Error, clock.Elapsed);
        }
        catch (Exception e) when (e is TimeoutException or KernelProcessException)
        {
            return new CellResult(cell, CellStatus.Failed, [], e.Message, clock.Elapsed) { KernelAlive = false };
        }
    }
}
