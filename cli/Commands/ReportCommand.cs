using System.CommandLine;
using HumanClap.Common;
using HumanClap.Reporting;
using HumanClap.Tooling.Docs;

namespace HumanClap.Cli;

/// <summary>`humanclap report`: the documentation's measured numbers from a run's results.json or a bench JSON,
/// never typed.</summary>
public sealed class ReportCommand : ICommand
{
    private readonly Option<string> _run =
        CliOptions.Path("--run", "DIR", "finished reproduce run folder to publish (results.json, tables/table1.md)");
    private readonly Option<string> _name =
        CliOptions.Path("--name", "NAME", "committed copy docs/results/NAME and the generated section results-NAME");
    private readonly Option<string> _bench =
        CliOptions.Path("--bench", "FILE.json",
            "bench --out result for the benchmark table of docs/performance.md (refused when disturbed)");
    private readonly Option<bool> _acceptDisturbed =
        CliOptions.Flag("--accept-disturbed",
            "--bench: publish a disturbed run anyway, the table headed by why it counts as disturbed");
    private readonly Option<string> _page =
        CliOptions.Path("--page", "FILE",
            "page to update (default: every page of the repository with generated sections, README and docs/)");

    public Command Create()
    {
        var command = new Command("report", "rewrite the generated results and benchmark sections of the README " +
                                            "and docs/ from docs/results (publishing a run or bench first)")
        {
            _run, _name, _bench, _acceptDisturbed, _page,
        };
        command.SetAction(Run);
        return command;
    }

    private int Run(ParseResult p)
    {
        var root = RepoPaths.Root;
        var results = Path.Combine(root, "docs", "results");
        var page = p.GetValue(_page);
        string? name = p.GetValue(_name), run = p.GetValue(_run), bench = p.GetValue(_bench);
        if ((run is null) != (name is null)) throw new UsageException("--run and --name go together");
        if (page is not null && !File.Exists(page))
            throw new UserInputException($"--page {page}: file not found");
        var pages = page is not null ? [page] : GeneratedResults.DocumentsWithSections(root);
        foreach (var file in pages) OutputCheck.File(file, "--page");
        OutputCheck.Folder(results, "docs/results");

        if (p.GetValue(_acceptDisturbed) && bench is null) throw new UsageException("--accept-disturbed needs --bench");
        if (bench is not null)
        {
            // Refuses a disturbed run (unless accepted) before anything is copied.
            GeneratedResults.BenchSection(bench, p.GetValue(_acceptDisturbed));
            AtomicFile.WriteAllText(Path.Combine(results, GeneratedResults.BenchFile), File.ReadAllText(bench));
        }
        if (run is not null) GeneratedResults.Publish(run, Path.Combine(results, name!));
        // Every generated section from what is committed, so a page never mixes old and new numbers.
        foreach (var file in pages)
        {
            var text = File.ReadAllText(file);
            foreach (var section in GeneratedResults.SectionNames(text))
                text = GeneratedResults.Replace(text, section, GeneratedResults.Expected(results, section));
            AtomicFile.WriteAllText(file, text);
            Console.WriteLine($"updated {file}");
        }
        return 0;
    }
}
