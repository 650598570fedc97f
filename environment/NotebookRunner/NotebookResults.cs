namespace HumanClap.Notebooks;

public enum OutputKind { Stdout, Stderr, Display, Result, Error }

/// <summary>One captured output of a cell. <see cref="Data"/> maps a MIME type (text/plain, text/html, ...) to its
/// text; stdout/stderr/error carry their text under text/plain. <see cref="DisplayId"/> lets a later update replace
/// an earlier display (progress messages of <c>#r "nuget:"</c>).</summary>
public sealed record CellOutput(OutputKind Kind, IReadOnlyDictionary<string, string> Data, string? DisplayId = null)
{
    public string Text => Data.TryGetValue("text/plain", out var t) ? t : Data.Values.FirstOrDefault() ?? "";
}

public enum CellStatus { Passed, Failed, Skipped }

/// <summary>The outcome of one cell. Markdown cells are <see cref="CellStatus.Skipped"/>; so are code cells left
/// unrun after a timeout (those also count as failed, see <see cref="NotebookResult.Failed"/>).</summary>
public sealed record CellResult(
    NotebookCell Cell, CellStatus Status, IReadOnlyList<CellOutput> Outputs, string? Error, TimeSpan Elapsed)
{
    /// <summary>False when the cell timed out or the kernel exited: the notebook's later cells cannot run.</summary>
    public bool KernelAlive { get; init; } = true;
}

public sealed record NotebookResult(
    NotebookDocument Notebook, IReadOnlyList<CellResult> Cells, TimeSpan Elapsed, string? OutputPath)
{
    public int Passed => Cells.Count(c => c.Status == CellStatus.Passed);
    public int Failed => Cells.Count(c => c.Status == CellStatus.Failed);
    public bool Ok => Failed == 0;
    public IEnumerable<CellResult> Failures => Cells.Where(c => c.Status == CellStatus.Failed);
}

public sealed record RunnerOptions
{
    /// <summary>A cell running longer than this fails, the kernel is stopped and the notebook's remaining cells
    /// are not run.</summary>
    public TimeSpan CellTimeout { get; init; } = TimeSpan.FromMinutes(5);
    /// <summary>The longest wait for a kernel to report that it is ready (a first start restores the tools).</summary>
    public TimeSpan KernelStartTimeout { get; init; } = TimeSpan.FromMinutes(2);
    /// <summary>Where executed notebooks are written (as .ipynb); null writes nothing.</summary>
    public string? OutputDirectory { get; init; }
    /// <summary>Variables set for the kernel and its tool restore on top of this process's environment (e.g.
    /// NUGET_PACKAGES, so that a test's kernel restores packages into a folder of its own).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
}
