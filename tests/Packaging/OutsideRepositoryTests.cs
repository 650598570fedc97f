using System.Text.Json.Nodes;
using HumanClap.Common;
using HumanClap.Notebooks;
using Cell = HumanClap.NotebookGenerator.Cell;
using IpynbWriter = HumanClap.NotebookGenerator.IpynbWriter;
using SourceKind = HumanClap.NotebookGenerator.CellKind;
using HumanClap.Tests.Notebooks;
using HumanClap.Tests.Support;
using Xunit.Abstractions;

namespace HumanClap.Tests.Packaging;

/// <summary>HumanClap used the way its users use it, from folders outside the repository, with nothing but the
/// packages (<see cref="PackageFeed"/>: the README's pack command, a temporary feed and a NuGet packages folder of
/// the run's own): a notebook of the user's in the stock kernel over stdio and in dotnet-repl, a .NET 10 file-based
/// app, a console project, and the .NET tool.</summary>
[Collection(SerialCollection.Name)]
public sealed class OutsideRepositoryTests(PackageFeed packages, ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);
    private readonly string _folder = Directory.CreateTempSubdirectory("humanclap-user-").FullName;

    private static string Checkpoint => Fixtures.Checkpoint("tiny_unfused");

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    /// <summary>The user's two set-up lines, as the README gives them.</summary>
    private string SetUp => $"#i \"nuget: {packages.Feed}\"\n#r \"nuget: HumanClap, {PackageFeed.Version}\"";

    /// <summary>A notebook a user would write: scores, a chart, a frame, a player, a similarity heatmap.</summary>
    private string WriteUserNotebook()
    {
        var clip = (string name) => Path.Combine(Checkpoint, name + ".wav");
        Cell Code(string text) => new(SourceKind.Code, text);
        var cells = new List<Cell>
        {
            new(SourceKind.Markdown, "# My CLAPScores"),
            Code(SetUp),
            Code($$"""
                using HumanClap.Scoring;
                var scorer = ClapScorer.FromPretrained(@"{{Checkpoint}}");
                var scores = scorer.ScoreFiles([(@"{{clip("beeps_10s")}}", "electronic beeps"),
                                                (@"{{clip("knocks_4s")}}", "someone knocks on a door")]);
                scores
                """),
            Code("""
                Plotly.NET.CSharp.Chart.Point<double, double, string>(
                    x: scores.Select(s => (double)s.Index).ToArray(), y: scores.Select(s => s.Cosine!.Value).ToArray())
                """),
            Code("Deedle.Frame.FromRecords(scores)"),
            Code($$"""new HumanClap.Reporting.AudioClip(@"{{clip("knocks_4s")}}", "someone knocks", [7.0, 8.0])"""),
            Code($$"""scorer.Similarity([@"{{clip("beeps_10s")}}", @"{{clip("knocks_4s")}}"], ["beeps", "knocks"])"""),
        };
        var notebooks = Path.Combine(_folder, "my-notebooks");
        Directory.CreateDirectory(Path.Combine(notebooks, ".config"));
        // The user's own tool installs (VS Code installs the same kernel; dotnet-repl is a local tool).
        File.Copy(Path.Combine(Fixtures.RepoRoot, ".config", "dotnet-tools.json"),
            Path.Combine(notebooks, ".config", "dotnet-tools.json"));
        var path = Path.Combine(notebooks, "my-scores.ipynb");
        File.WriteAllText(path, IpynbWriter.ToJson(cells));
        return path;
    }

    [Fact]
    public async Task A_users_notebook_passes_in_the_stock_kernel_with_the_two_setup_lines()
    {
        var notebook = WriteUserNotebook();
        var result = await new NotebookRunner(new RunnerOptions
        {
            CellTimeout = Timeout, KernelStartTimeout = Timeout, Environment = packages.Environment,
            OutputDirectory = Path.Combine(_folder, "executed"),
        }).RunAsync(notebook);
        output.WriteLine($"{result.Passed} passed, {result.Failed} failed in {result.Elapsed.TotalSeconds:0.0} s");
        Assert.True(result.Ok, string.Join("\n", result.Failures.Select(f => $"cell {f.Cell.Index}: {f.Error}")));
        var code = result.Cells.Where(c => c.Cell.Kind == CellKind.Code).ToList();
        Assert.Equal(6, result.Passed);
        string Html(int i) => string.Concat(code[i].Outputs.Select(o => o.Data.GetValueOrDefault("text/html", "")));
        Assert.Contains($"HumanClap {PackageFeed.Version} loaded", string.Concat(code[0].Outputs.Select(o => o.Text)));
        Assert.Contains("<td>beeps_10s.wav</td>", Html(1));
        Assert.Contains("Plotly.newPlot", Html(2));
        Assert.Contains("humanclapPlotlyLoading", Html(2));
        Assert.Contains("<table>", Html(3));
        Assert.Contains("<audio controls", Html(4));
        Assert.Contains("data:audio/wav;base64,", Html(4));
        Assert.Contains("Plotly.newPlot", Html(5));
        Assert.DoesNotContain("humanclapPlotlyLoading", Html(5)); // plotly.js comes once per kernel
        ExecutedNotebookChecks.AssertSmallAndOffline(result.OutputPath!);
    }

    [Fact]
    public async Task A_users_notebook_passes_in_dotnet_repl()
    {
        var notebook = WriteUserNotebook();
        var folder = Path.GetDirectoryName(notebook)!;
        var executed = Path.Combine(_folder, "executed-repl.ipynb");
        await ToolManifest.RestoreAsync(folder, packages.Environment);
        var run = await ProcessRun.RunAsync("dotnet",
            ["tool", "run", "dotnet-repl", "--", "--run", notebook, "--exit-after-run", "--output-path", executed],
            folder, Timeout, packages.Environment);
        output.WriteLine(run.Output.Length > 3000 ? run.Output[^3000..] : run.Output);
        Assert.True(File.Exists(executed), $"dotnet-repl wrote nothing (exit {run.ExitCode})");
        var cells = JsonNode.Parse(File.ReadAllText(executed))!["cells"]!.AsArray();
        var outputs = cells.SelectMany(c => c!["outputs"] as JsonArray ?? []).ToList();
        Assert.DoesNotContain(outputs, o => (string?)o!["output_type"] == "error");
        Assert.Equal(0, run.ExitCode);
        var html = string.Concat(outputs.Select(o => o!["data"]?["text/html"] switch
        {
            JsonArray lines => string.Concat(lines.Select(l => (string?)l)),
            JsonValue text => (string?)text,
            _ => "",
        }));
        foreach (var marker in (string[])["Plotly.newPlot", "<audio controls", "<table>"])
            Assert.Contains(marker, html);
    }

    [Fact]
    public async Task A_file_based_app_in_another_folder_scores_on_this_system()
    {
        WriteNuGetConfig();
        var app = Path.Combine(_folder, "app");
        Directory.CreateDirectory(app);
        File.WriteAllText(Path.Combine(app, "score.cs"),
            $"#:package HumanClap@{PackageFeed.Version}\n" + ScoringProgram);
        var run = await ProcessRun.RunAsync("dotnet", ["run", "--file", "score.cs", "--", Checkpoint], app, Timeout);
        output.WriteLine(run.Output);
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Matches(@"beeps_10s\.wav electronic beeps: cosine -?\d\.\d{6} CLAPScore \d\.\d{6}", run.Output);
    }

    [Fact]
    public async Task A_console_project_with_the_package_builds_a_libtorch_that_loads_and_scores()
    {
        WriteNuGetConfig();
        var project = Path.Combine(_folder, "scoring");
        Directory.CreateDirectory(project);
        foreach (var step in new[]
                 {
                     new[] { "new", "console", "--force" },
                     ["add", "package", "HumanClap", "--version", PackageFeed.Version],
                 })
        {
            var done = await ProcessRun.RunAsync("dotnet", step, project, Timeout);
            Assert.True(done.ExitCode == 0, $"dotnet {string.Join(" ", step)}: {done.Output}");
        }
        File.WriteAllText(Path.Combine(project, "Program.cs"), ScoringProgram);
        var run = await ProcessRun.RunAsync("dotnet", ["run", "--", Checkpoint], project, Timeout);
        output.WriteLine(run.Output);
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Matches(@"beeps_10s\.wav electronic beeps: cosine -?\d\.\d{6} CLAPScore \d\.\d{6}", run.Output);
        // The package's buildTransitive targets fixed the project's own copy (no private copy needed there).
        var copy = Directory.GetFiles(Path.Combine(project, "bin"), "libLibTorchSharp.so", SearchOption.AllDirectories)
            .Single();
        if (ElfVersionNeed.SystemLacks(ElfVersionNeed.DebianLibStdCxx, ElfVersionNeed.LibTorchSharpVersion))
            Assert.Equal(ElfVersionNeed.State.Weak,
                ElfVersionNeed.StateOf(File.ReadAllBytes(copy), ElfVersionNeed.LibTorchSharpVersion));
    }

    [Fact]
    public async Task The_tool_installs_and_scores_and_synthesises_from_any_folder()
    {
        var tools = Path.Combine(_folder, "tools");
        var install = await ProcessRun.RunAsync("dotnet",
            ["tool", "install", "HumanClap.Tool", "--version", PackageFeed.Version, "--tool-path", tools,
             "--add-source", packages.Feed], _folder, Timeout, packages.Environment);
        Assert.True(install.ExitCode == 0, install.Output);
        var humanclap = Path.Combine(tools, "humanclap");
        var work = Path.Combine(_folder, "work");
        Directory.CreateDirectory(work);
        File.WriteAllText(Path.Combine(work, "pairs.csv"),
            $"audio,text\n{Path.Combine(Checkpoint, "beeps_10s.wav")},electronic beeps\n");

        var score = await ProcessRun.RunAsync(humanclap,
            ["score", "--checkpoint", Checkpoint, "--pairs", "pairs.csv", "--out", "scores.csv"], work, Timeout);
        Assert.True(score.ExitCode == 0, score.Output);
        var rows = File.ReadAllLines(Path.Combine(work, "scores.csv"));
        Assert.Equal(2, rows.Length);
        Assert.Matches(@",electronic beeps,-?\d\.\d+,\d(\.\d+)?,$", rows[1]);

        var synth = await ProcessRun.RunAsync(humanclap, ["synth", "--scale", "tiny", "--out", "world"], work,
            Timeout);
        Assert.True(synth.ExitCode == 0, synth.Output);
        Assert.True(File.Exists(Path.Combine(work, "world", "world.json")), synth.Output);

        var missing = await ProcessRun.RunAsync(humanclap,
            ["score", "--checkpoint", "no-such-checkpoint", "--pairs", "pairs.csv", "--out", "s.csv"], work, Timeout);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("checkpoint folder not found", missing.Output);
        Assert.DoesNotContain("   at ", missing.Output);
    }

    [Fact]
    public async Task User_errors_in_a_notebook_are_one_message_without_a_stack_trace()
    {
        var notebooks = Path.Combine(_folder, "errors");
        Directory.CreateDirectory(Path.Combine(notebooks, ".config"));
        File.Copy(Path.Combine(Fixtures.RepoRoot, ".config", "dotnet-tools.json"),
            Path.Combine(notebooks, ".config", "dotnet-tools.json"));
        await using var kernel = await StdioKernel.StartAsync(notebooks, Timeout, default, packages.Environment);
        var wrongVersion = await kernel.SubmitAsync(
            $"#i \"nuget: {packages.Feed}\"\n#r \"nuget: HumanClap, 99.0.0\"", "csharp", Timeout);
        Assert.False(wrongVersion.Succeeded);
        Assert.Contains("HumanClap", wrongVersion.Error);
        Assert.Contains("99.0.0", wrongVersion.Error);
        var setUp = await kernel.SubmitAsync(SetUp, "csharp", Timeout);
        Assert.True(setUp.Succeeded, setUp.Error);
        var missing = await kernel.SubmitAsync(
            "HumanClap.Scoring.ClapScorer.FromPretrained(\"no-such-checkpoint\")", "csharp", Timeout);
        Assert.False(missing.Succeeded);
        Assert.StartsWith("checkpoint folder not found", missing.Error);
        Assert.DoesNotContain("   at ", missing.Error);
    }

    private void WriteNuGetConfig() => File.WriteAllText(Path.Combine(_folder, "nuget.config"), $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <config><add key="globalPackagesFolder" value="{packages.PackagesFolder}" /></config>
          <packageSources><add key="humanclap" value="{packages.Feed}" /></packageSources>
        </configuration>
        """);

    private const string ScoringProgram = """
        using HumanClap.Scoring;
        var checkpoint = args[0];
        using var scorer = ClapScorer.FromPretrained(checkpoint);
        foreach (var row in scorer.ScoreFiles([(Path.Combine(checkpoint, "beeps_10s.wav"), "electronic beeps")]))
            Console.WriteLine(
                $"{Path.GetFileName(row.Audio)} {row.Text}: cosine {row.Cosine:F6} CLAPScore {row.ClapScore:F6}");
        """;
}
