using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace HumanClap.Notebooks;

/// <summary>Runs a notebook's C# cells in order in a fresh kernel, captures their outputs, and writes the executed
/// notebook. A failing cell does not stop the later ones (as in dotnet-repl); a timed-out cell does, because the
/// kernel cannot be interrupted.</summary>
public sealed partial class NotebookRunner(RunnerOptions? options = null)
{
    public RunnerOptions Options { get; } = options ?? new RunnerOptions();

    // The working directory is process-wide; notebooks in one process therefore run one at a time.
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    public async Task<NotebookResult> RunAsync(string path, CancellationToken cancel = default)
    {
        var notebook = NotebookReader.Load(Path.GetFullPath(path));
        var folder = Path.GetDirectoryName(notebook.Path)!;
        var clock = Stopwatch.StartNew();
        var results = new List<CellResult>();

        await OneAtATime.WaitAsync(cancel);
        var previousDirectory = Directory.GetCurrentDirectory();
        // The kernel redirects Console while a cell runs; a cell that never finishes would keep it redirected.
        var (stdout, stderr) = (Console.Out, Console.Error);
        var kernel = KernelFactory.Create();
        bool kernelStuck = false;
        try
        {
            // Relative paths in cells (files, #r) mean "relative to the notebook", as in VS Code.
            Directory.SetCurrentDirectory(folder);
            foreach (var cell in notebook.Cells)
            {
                if (cell.Kind == CellKind.Markdown) results.Add(new CellResult(cell, CellStatus.Skipped, [], null, TimeSpan.Zero));
                else if (kernelStuck) results.Add(new CellResult(cell, CellStatus.Failed, [], "not run: an earlier cell timed out", TimeSpan.Zero));
                else
                {
                    var result = await RunCellAsync(kernel, cell, folder, cancel);
                    kernelStuck = result.Error?.StartsWith("timed out") == true;
                    results.Add(result);
                }
            }
        }
        finally
        {
            Directory.SetCurrentDirectory(previousDirectory);
            Console.SetOut(stdout);
            Console.SetError(stderr);
            if (!kernelStuck) kernel.Dispose(); // disposing a kernel that is still running a cell can hang
            OneAtATime.Release();
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

    private async Task<CellResult> RunCellAsync(Kernel kernel, NotebookCell cell, string folder, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        if (cell.Language != "csharp")
            return new CellResult(cell, CellStatus.Failed, [], $"language '{cell.Language}' is not supported (this runner runs C# cells only)", TimeSpan.Zero);

        var code = AbsoluteReferences(cell.Source, folder);
        var send = kernel.SendAsync(new SubmitCode(code, "csharp"), cancel);
        var finished = await Task.WhenAny(send, Task.Delay(Options.CellTimeout, cancel));
        if (finished != send)
            return new CellResult(cell, CellStatus.Failed, [], $"timed out after {Options.CellTimeout.TotalSeconds:0.#} s", clock.Elapsed);

        var outputs = Capture(send.Result.Events);
        var errors = send.Result.Events.OfType<CommandFailed>().Select(f => f.Message)
            .Concat(send.Result.Events.OfType<ErrorProduced>().Select(e => e.Message))
            .Distinct().ToList();
        return errors.Count == 0
            ? new CellResult(cell, CellStatus.Passed, outputs, null, clock.Elapsed)
            : new CellResult(cell, CellStatus.Failed, outputs, string.Join("\n", errors), clock.Elapsed);
    }

    /// <summary>Kernel events to notebook outputs, in order; a display update replaces the display it updates.</summary>
    private static List<CellOutput> Capture(IEnumerable<KernelEvent> events)
    {
        var outputs = new List<CellOutput>();
        foreach (var e in events)
        {
            switch (e)
            {
                case StandardOutputValueProduced o: outputs.Add(new(OutputKind.Stdout, Mime(o.FormattedValues))); break;
                case StandardErrorValueProduced o: outputs.Add(new(OutputKind.Stderr, Mime(o.FormattedValues))); break;
                case ReturnValueProduced r: outputs.Add(new(OutputKind.Result, Mime(r.FormattedValues), r.ValueId)); break;
                case DisplayedValueUpdated u:
                    int at = outputs.FindIndex(o => o.DisplayId is not null && o.DisplayId == u.ValueId);
                    var updated = new CellOutput(OutputKind.Display, Mime(u.FormattedValues), u.ValueId);
                    if (at >= 0) outputs[at] = updated; else outputs.Add(updated);
                    break;
                case DisplayedValueProduced d: outputs.Add(new(OutputKind.Display, Mime(d.FormattedValues), d.ValueId)); break;
                case ErrorProduced err: outputs.Add(new(OutputKind.Error, new Dictionary<string, string> { ["text/plain"] = err.Message })); break;
                case CommandFailed f: outputs.Add(new(OutputKind.Error, new Dictionary<string, string> { ["text/plain"] = f.Message })); break;
            }
        }
        return outputs;
    }

    private static Dictionary<string, string> Mime(IEnumerable<FormattedValue> values)
    {
        var data = new Dictionary<string, string>();
        foreach (var v in values) data[v.MimeType] = v.Value;
        return data;
    }

    /// <summary>Rewrites <c>#r "relative/path.dll"</c> to an absolute path under the notebook's folder, so the
    /// reference does not depend on the process's working directory. <c>#r "nuget: ..."</c> is left alone.</summary>
    public static string AbsoluteReferences(string code, string folder) =>
        RelativeReference().Replace(code, m =>
        {
            var target = m.Groups["path"].Value;
            if (target.StartsWith("nuget:", StringComparison.OrdinalIgnoreCase) || Path.IsPathRooted(target)) return m.Value;
            return $"{m.Groups["head"].Value}\"{Path.GetFullPath(Path.Combine(folder, target))}\"";
        });

    [GeneratedRegex("""^(?<head>[ \t]*#r[ \t]+)"(?<path>[^"]+)"(?=[ \t]*$)""", RegexOptions.Multiline)]
    private static partial Regex RelativeReference();
}
