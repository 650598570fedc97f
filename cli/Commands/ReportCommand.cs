using System.CommandLine;
using HumanClap.Common;
using HumanClap.Reporting;
using HumanClap.Tooling.Docs;

namespace HumanClap.Cli;

/// <summary>`humanclap report`: the README's measured numbers from a run's results.json or a bench JSON, never
/// typed.</summary>
public sealed class ReportCommand : ICommand
{
    private readonly Option<string> _run =
        CliOptions.Path("--run", "DIR", "finished reproduce run folder to publish (results.json, tables/table1.md)");
    private readonly Option<string> _name =
        CliOptions.Path("--name", "NAME", "committed copy docs/results/NAME and README section results-NAME");
    private readonly Option<string> _bench =
        CliOptions.Path("--bench", "FILE.json",
            "bench --out result for the README benchmark table (refused when disturbed)");
    private readonly Option<bool> _acceptDisturbed =
        CliOptions.Flag("--accept-disturbed",
            "--bench: publish a disturbed run anyway, the table headed by why it counts as disturbed");
    private readonly Option<string> _readme =
        CliOptions.Path("--readme", "FILE",
            "page to update (default: every page of the repository with generated sections, README and docs/)");

    public Command Create()
    {
        var command = new Command("report", "rewrite the README's generated results and benchmark sections " +
                                            "from docs/results (publishing a run or bench first)")
        {
            _run, _name, _bench, _acceptDisturbed, _readme,
        };
        command.SetAction(Run);
        return command;
    }

    private int Run(ParseResult p)
    {
        var root = RepoPaths.Root;
        var results = Path.Combine(root, "docs", "results");
        var readme = p.GetValue(_readme);
        string? name = p.GetValue(_name), run = p.GetValue(_run), bench = p.GetValue(_bench);
        if ((run is null) != (name is null)) throw new UsageException("--run and --name go together");
        if (readme is not null && !File.Exists(readme))
            throw new UserInputException($"--readme {readme}: file not found");
        var pages = readme is not null ? [readme] : GeneratedResults.DocumentsWithSections(root);
        foreach (var page in pages) OutputCheck.File(page, "--readme");
        OutputCheck.Folder(results, "docs/results");

        if (p.GetValue(_acceptDisturbed) && bench is null) throw new UsageException("--accept-disturbed needs --bench");
        if (bench is not null)
        {
            // Refuses a disturbed run (unless accepted) before anything is copied.
            GeneratedResults.BenchSection(bench, p.GetValue(_acceptDisturbed));
            AtomicFile.WriteAllText(Path.Combine(results, GeneratedResults.BenchFile), File.ReadAllText(bench));
        }
        if (run is not null) GeneratedResults.Publish(run, Path.Combine(results, name!));
        // Every generated section from what is committed, so the README never mixes old and new numbers.
        foreach (var page in pages)
        {
            var text = File.ReadAllText(page);
            foreach (var section in GeneratedResults.SectionNames(text))
                text = GeneratedResults.Replace(text, section, GeneratedResults.Expected(results, section));
            AtomicFile.WriteAllText(page, text);
            Console.WriteLine($"updated {page}");
        }
        return 0;
    }
}
