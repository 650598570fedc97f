using HumanClap.Common;
using Plotly.NET;

namespace HumanClap.Reporting;

/// <summary>Where a walkthrough's charts go, so one piece of code serves as notebook cell and as file-based app.
/// Inside a .NET Interactive kernel a chart is shown inline (offline HTML, <see cref="ChartHtml"/>); anywhere else it
/// is written to the walkthrough's run folder, runs/apps/NAME/ (HTML, and PNG when Chromium exists), and the path is
/// printed.</summary>
public sealed class FigureOutput
{
    private FigureOutput(string name, string? folder) => (Name, Folder) = (name, folder);

    public string Name { get; }

    /// <summary>The folder files are written to; null when charts are shown inline in a notebook.</summary>
    public string? Folder { get; }

    /// <summary>Inline in a notebook kernel, else files in <see cref="Workspace.RunPath"/>("apps",
    /// <paramref name="name"/>).</summary>
    public static FigureOutput For(string name) => InteractiveKernel.IsActive
        ? new FigureOutput(name, null)
        : ToFolder(name, Workspace.RunPath("apps", name));

    /// <summary>Always files, in <paramref name="folder"/>.</summary>
    public static FigureOutput ToFolder(string name, string folder)
    {
        Directory.CreateDirectory(folder);
        return new FigureOutput(name, Path.GetFullPath(folder));
    }

    /// <summary>Shows the chart inline, or writes <paramref name="fileName"/>.html (and .png) and prints
    /// where.</summary>
    public void Chart(GenericChart chart, string fileName)
    {
        if (Folder is null)
        {
            InteractiveKernel.DisplayAs(ChartHtml.ForNotebook(chart), "text/html");
            return;
        }
        var path = Path.Combine(Folder, fileName + ".html");
        FigureExport.SaveHtml(chart, path);
        var png = Path.ChangeExtension(path, ".png");
        var pngNote = FigureExport.TrySavePng(chart, png, out var why) ? $" and {png}" : $" (no PNG: {why})";
        Console.WriteLine($"figure: {path}{pngNote}");
    }

    /// <summary>A line of progress text: updated in place in a notebook, printed (at most every few seconds)
    /// otherwise.</summary>
    public StatusLine Status(string text) =>
        new(text, Folder is null ? InteractiveKernel.DisplayAs(text, "text/plain") : null);
}
