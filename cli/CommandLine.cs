using System.CommandLine;

namespace HumanClap.Cli;

/// <summary>`humanclap VERB [options]`, parsed by System.CommandLine from each verb's definition in Commands/.
/// Public so tests can run verbs in-process.</summary>
public static class CommandLine
{
    public static IReadOnlyList<ICommand> Verbs() =>
    [
        new ScoreCommand(), new ConvertCommand(), new NotebooksCommand(), new BenchCommand(), new RatingsCommand(),
        new SynthCommand(), new ReproduceCommand(), new ReportCommand(), new EvaluateCommand(),
    ];

    public static RootCommand Build()
    {
        var root = new RootCommand("HumanClap: CLAP in TorchSharp, listening-test analysis and Human-CLAP fine-tuning");
        var verbose = new Option<bool>("--verbose") { Description = "show stack traces of errors", Recursive = true };
        root.Options.Add(verbose);
        foreach (var verb in Verbs()) root.Subcommands.Add(verb.Create());
        return root;
    }

    /// <summary>Exit codes: 0 done; 1 a data error (or rows that failed); 2 a usage error; 70 an internal error.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        var root = Build();
        var parsed = root.Parse(args);
        string verb = parsed.CommandResult.Command is { } c && c != root ? c.Name : "";
        if (args.Length == 0)
        {
            error.WriteLine("usage: humanclap VERB [options] (humanclap --help lists the verbs)");
            return ErrorReport.UsageError;
        }
        if (parsed.Errors.Count > 0 && !IsHelpRequest(args))
        {
            var name = verb.Length > 0 ? "humanclap " + verb : "humanclap";
            var messages = string.Join("; ", parsed.Errors.Select(e => ErrorReport.OneLine(e.Message)));
            error.WriteLine($"{name}: {messages} (see {name} --help)");
            return ErrorReport.UsageError;
        }
        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration
            {
                Output = output, Error = error, EnableDefaultExceptionHandler = false,
                // Ctrl-C ends the process at once, as before: every write is atomic and runs resume, so there is
                // nothing to clean up, and a grace period would only keep a killed run's lock held longer.
                ProcessTerminationTimeout = null,
            });
        }
        catch (Exception e)
        {
            return ErrorReport.Report(e, verb, parsed.GetValue<bool>("--verbose"), error);
        }
    }

    private static bool IsHelpRequest(string[] args) => args.Any(a => a is "-h" or "--help" or "-?");

    /// <summary>The generated help of one verb, as `humanclap VERB --help` prints it.</summary>
    public static string Help(string verb)
    {
        var output = new StringWriter();
        Build().Parse([verb, "--help"]).Invoke(new InvocationConfiguration { Output = output });
        return output.ToString();
    }
}
