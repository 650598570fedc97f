using System.CommandLine;
using System.Diagnostics;
using System.Security.Cryptography;
using HumanClap.Common;
using HumanClap.Notebooks;

namespace HumanClap.Cli;

/// <summary>`humanclap notebooks`: runs notebooks headless in the stock kernel that VS Code starts, driven over stdio
/// (environment/NotebookRunner/README.md), and writes the executed copies.</summary>
public sealed class NotebooksCommand : ICommand
{
    private readonly Argument<string[]> _paths = new("PATH")
    {
        Description = "notebooks to run (default, inside the repository: every notebook in notebooks/)",
        Arity = ArgumentArity.ZeroOrMore,
    };
    private readonly Option<string> _out =
        CliOptions.Path("--out", "DIR", "folder for the executed copies " +
                                        "(default artifacts/notebooks in the repository, else ./executed-notebooks)");
    private readonly Option<double?> _cellTimeout =
        CliOptions.Number("--cell-timeout", "seconds a cell may run", 300, above: 0);

    public Command Create()
    {
        var command = new Command("notebooks", "run notebooks headless (default: every notebook in notebooks/)")
        {
            _paths, _out, _cellTimeout,
        };
        command.SetAction((parse, _) => RunAsync(parse));
        return command;
    }

    private async Task<int> RunAsync(ParseResult parse)
    {
        // Given notebooks run from anywhere (a user's own, with the HumanClap package); only the repository's own
        // need the checkout (their default list, and the library they load is built there).
        var given = parse.GetValue(_paths) ?? [];
        var root = given.Length > 0 ? RepoPaths.Find() : RepoPaths.Root;
        var outDir = Path.GetFullPath(parse.GetValue(_out) ?? (root is null
            ? "executed-notebooks"
            : Path.Combine(root, "artifacts", "notebooks")));
        var timeout = parse.GetValue(_cellTimeout)!.Value;

        var paths = given.Length > 0 ? given.Select(Path.GetFullPath).ToList() : DefaultNotebooks(root!);
        if (paths.Count == 0) throw new UsageException("no notebooks found");
        var missing = paths.Where(p => !File.Exists(p)).ToList();
        if (missing.Count > 0) throw new UserInputException("no such notebook: " + string.Join(", ", missing));
        OutputCheck.Folder(outDir, "--out");
        var environment = root is null ? new Dictionary<string, string>() : await PackForNotebooks(root);
        if (environment is null) return 1;

        var runner = new NotebookRunner(new RunnerOptions
        {
            CellTimeout = TimeSpan.FromSeconds(timeout), OutputDirectory = outDir, Environment = environment,
        });
        int passed = 0, failed = 0, brokenNotebooks = 0;
        foreach (var path in paths)
        {
            NotebookResult result;
            try { result = await runner.RunAsync(path); }
            catch (NotebookFormatException e) { Console.WriteLine($"{e.Message}"); brokenNotebooks++; continue; }
            passed += result.Passed; failed += result.Failed;
            Console.WriteLine($"{Path.GetRelativePath(Directory.GetCurrentDirectory(), path)}: {result.Passed} " +
                              $"passed, {result.Failed} failed ({result.Elapsed.TotalSeconds:0.0} s) " +
                              $"-> {result.OutputPath}");
            foreach (var f in result.Failures)
                Console.WriteLine($"  cell {f.Cell.Index} failed ({FirstLine(f.Cell.Source)}): " +
                                  Indent(WithoutStackTrace(f.Error)));
        }
        Console.WriteLine($"total: {passed} passed, {failed} failed" +
                          (brokenNotebooks > 0 ? $", {brokenNotebooks} notebook(s) unreadable" : ""));
        return failed > 0 || brokenNotebooks > 0 ? 1 : 0;
    }

    private static List<string> DefaultNotebooks(string root)
    {
        var dir = Path.Combine(root, "notebooks");
        if (!Directory.Exists(dir)) return [];
        return Directory.GetFiles(dir).Where(f => f.EndsWith(".ipynb") || f.EndsWith(".dib"))
            .Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Inside the checkout, notebooks load the HumanClap package (notebooks/humanclap.csx): it is packed
    /// afresh from the current sources into artifacts/packages, copied into a feed folder named by its content
    /// (artifacts/feeds/HASH: the kernel caches what package lines resolved to, keyed by the lines and their
    /// sources, so each build gets sources of its own) and restored into the repository's own packages folder
    /// (artifacts/nuget-packages, its HumanClap entry removed first): an earlier build of the same version, here or
    /// in the user's NuGet cache, is never loaded and never touched. Null when packing failed.</summary>
    private static async Task<IReadOnlyDictionary<string, string>?> PackForNotebooks(string root)
    {
        Console.Error.WriteLine("humanclap notebooks: packing HumanClap into artifacts/packages ...");
        using var pack = Process.Start(new ProcessStartInfo("dotnet",
        [
            "pack", Path.Combine(root, "HumanClap.Lib.csproj"), "-c", "Release", "-o",
            Path.Combine(root, "artifacts", "packages"), "-nologo", "-v", "quiet",
        ]))!;
        await pack.WaitForExitAsync();
        if (pack.ExitCode != 0)
        {
            Console.Error.WriteLine("humanclap notebooks: packing HumanClap failed");
            return null;
        }
        var version = typeof(LibTorchNative).Assembly.GetName().Version!.ToString(3);
        var package = Path.Combine(root, "artifacts", "packages", $"HumanClap.{version}.nupkg");
        var hash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(package)))[..16];
        var feed = Path.Combine(root, "artifacts", "feeds", hash);
        Directory.CreateDirectory(feed);
        File.Copy(package, Path.Combine(feed, Path.GetFileName(package)), overwrite: true);
        var packages = Path.Combine(root, "artifacts", "nuget-packages");
        var ours = Path.Combine(packages, "humanclap");
        if (Directory.Exists(ours)) Directory.Delete(ours, recursive: true);
        return new Dictionary<string, string> { ["NUGET_PACKAGES"] = packages, ["HUMANCLAP_FEED"] = feed };
    }

    private static string Indent(string text) => text.Replace("\n", "\n    ");

    private static string FirstLine(string source)
    {
        var line = source.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";
        return line.Length > 60 ? line[..57] + "..." : line;
    }

    /// <summary>The console shows what went wrong; the full stack trace is in the executed notebook.</summary>
    private static string WithoutStackTrace(string? error) =>
        string.Join("\n", (error ?? "").Split('\n').TakeWhile(l => !l.TrimStart().StartsWith("at ")).Take(12))
            .TrimEnd();
}
