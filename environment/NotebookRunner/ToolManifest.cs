using System.Collections.Concurrent;
using System.Diagnostics;

namespace HumanClap.Notebooks;

/// <summary>The repository's .NET tool manifest (<c>.config/dotnet-tools.json</c>), which pins the kernel
/// (Microsoft.dotnet-interactive) and dotnet-repl. Tools run from the manifest's folder after one
/// <c>dotnet tool restore</c> per process, so a fresh clone needs no installed tool.</summary>
public static class ToolManifest
{
    private static readonly ConcurrentDictionary<string, Lazy<Task>> Restored = new();

    /// <summary>The folder holding <c>.config/dotnet-tools.json</c>: <paramref name="start"/> or the nearest
    /// parent.</summary>
    public static string FindRoot(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, ".config", "dotnet-tools.json"))) return dir.FullName;
        throw new FileNotFoundException(
            $"no .config/dotnet-tools.json in {start} or above it: the runner starts the kernel pinned by a tool " +
            "manifest; create one there with `dotnet new tool-manifest && dotnet tool install " +
            "Microsoft.dotnet-interactive --version 1.0.712001`");
    }

    /// <summary>Runs <c>dotnet tool restore</c> in <paramref name="root"/> once per process and environment.
    /// </summary>
    public static Task RestoreAsync(string root, IReadOnlyDictionary<string, string>? environment = null) =>
        Restored.GetOrAdd(root + "\n" + string.Join("\n", (environment ?? Empty).OrderBy(e => e.Key)),
            _ => new Lazy<Task>(() => RunRestoreAsync(root, environment))).Value;

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();

    private static async Task RunRestoreAsync(string root, IReadOnlyDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo("dotnet", ["tool", "restore"])
        {
            WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var (name, value) in environment ?? Empty) start.Environment[name] = value;
        using var restore = Process.Start(start)!;
        var output = restore.StandardOutput.ReadToEndAsync();
        var errors = restore.StandardError.ReadToEndAsync();
        await restore.WaitForExitAsync();
        if (restore.ExitCode != 0)
            throw new InvalidOperationException(
                $"`dotnet tool restore` in {root} failed ({restore.ExitCode}): {await errors}{await output}");
    }

    /// <summary>A <c>dotnet tool run TOOL -- ARGS</c> start. <c>dotnet tool run</c> finds the manifest from its
    /// working directory upwards, so <paramref name="workingDirectory"/> must be the manifest's folder or below
    /// it.</summary>
    public static ProcessStartInfo ToolStart(string tool, IEnumerable<string> args, string workingDirectory,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory };
        foreach (var (name, value) in environment ?? Empty) start.Environment[name] = value;
        foreach (var a in new[] { "tool", "run", tool, "--" }.Concat(args)) start.ArgumentList.Add(a);
        return start;
    }
}
