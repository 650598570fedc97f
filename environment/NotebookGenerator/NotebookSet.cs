namespace HumanClap.NotebookGenerator;

/// <summary>The walkthroughs of a repository: notebooks/apps/NAME.cs is the source of notebooks/NAME.ipynb.</summary>
public static class NotebookSet
{
    public static IReadOnlyList<(string App, string Notebook)> Pairs(string repoRoot)
    {
        var notebooks = Path.Combine(repoRoot, "notebooks");
        return Directory.GetFiles(Path.Combine(notebooks, "apps"), "*.cs").Order(StringComparer.Ordinal)
            .Select(app => (app, Path.Combine(notebooks, Path.GetFileNameWithoutExtension(app) + ".ipynb"))).ToList();
    }

    /// <summary>The notebook text the app makes.</summary>
    public static string Generate(string app) => IpynbWriter.ToJson(NotebookSource.Parse(app));

    /// <summary>Notebooks that differ from what their app makes (or are missing).</summary>
    public static IReadOnlyList<string> Stale(string repoRoot) => Pairs(repoRoot)
        .Where(p => !File.Exists(p.Notebook) || File.ReadAllText(p.Notebook) != Generate(p.App))
        .Select(p => p.Notebook).ToList();

    /// <summary>Writes every notebook from its app (atomically); returns the paths written.</summary>
    public static IReadOnlyList<string> WriteAll(string repoRoot)
    {
        var written = new List<string>();
        foreach (var (app, notebook) in Pairs(repoRoot))
        {
            var temp = notebook + ".tmp";
            File.WriteAllText(temp, Generate(app));
            File.Move(temp, notebook, overwrite: true);
            written.Add(notebook);
        }
        return written;
    }
}
