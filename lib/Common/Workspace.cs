namespace HumanClap.Common;

/// <summary>The repository the notebooks and file-based apps live in, found the same way from both: a notebook
/// kernel starts in notebooks/, a file-based app (`dotnet notebooks/apps/x.cs`) may start anywhere but knows its
/// source file. Paths in walkthroughs go through here so the same code runs in either.</summary>
public static class Workspace
{
    private const string Marker = "HumanClap.Lib.csproj";

    /// <summary>The folder holding HumanClap.Lib.csproj above the file-based app's source file (when running as
    /// one), else above the current directory.</summary>
    public static string Root => FindRoot(StartFolders());

    /// <summary>Where runs go, from the command line and the notebooks alike: <c>runs/</c> of the HumanClap checkout
    /// around the current folder (or a file-based app's source file), else <c>runs/</c> of the current folder (an
    /// installed tool or a user's own notebook). <paramref name="parts"/> name the run under it.</summary>
    public static string RunPath(params string[] parts) => RunPathFrom(StartFolders().ToList(), parts);

    /// <summary><see cref="RunPath"/> from the given start folders, the last of which is the fallback.</summary>
    internal static string RunPathFrom(IReadOnlyList<string> starts, params string[] parts) =>
        Path.Combine([TryFindRoot(starts) ?? starts[^1], RunsFolder, .. parts]);

    public const string RunsFolder = "runs";

    /// <summary>A path under the repository root.</summary>
    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>The repository root above the first of <paramref name="starts"/> that is inside one; a
    /// <see cref="UserInputException"/> naming the folders tried otherwise.</summary>
    public static string FindRoot(IEnumerable<string> starts)
    {
        var tried = starts.ToList();
        return TryFindRoot(tried) ?? throw new UserInputException(
            $"no {Marker} above {string.Join(" or ", tried)}: run from inside the HumanClap repository");
    }

    /// <summary>The repository root above the first of <paramref name="starts"/> that is inside one, or null (an
    /// installed tool run elsewhere).</summary>
    public static string? TryFindRoot(IEnumerable<string> starts)
    {
        foreach (var start in starts)
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, Marker))) return dir.FullName;
        return null;
    }

    private static IEnumerable<string> StartFolders()
    {
        // Set by the .NET 10 SDK for file-based apps.
        if (AppContext.GetData("EntryPointFileDirectoryPath") is string appFolder) yield return appFolder;
        yield return Directory.GetCurrentDirectory();
    }
}
