namespace HumanClap.Cli;

/// <summary>`humanclap VERB [options]`: dispatches to the verb in Commands/, which parses its own options.
/// Public so tests can run verbs in-process.</summary>
public static class CommandLine
{
    public static IReadOnlyList<ICommand> Commands { get; } =
    [
        new ScoreCommand(),
        new ConvertCommand(),
        new NotebooksCommand(),
        new BenchCommand(),
        new RatingsCommand(),
        new SynthCommand(),
        new ReproduceCommand(),
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            Console.WriteLine("usage: humanclap VERB [options]\n\nverbs:");
            foreach (var c in Commands) Console.WriteLine($"  {c.Name,-10} {c.Summary}");
            return args.Length == 0 ? 2 : 0;
        }
        var command = Commands.FirstOrDefault(c => c.Name == args[0]);
        if (command is null)
        {
            Console.Error.WriteLine($"humanclap: unknown verb '{args[0]}' (try --help)");
            return 2;
        }
        if (args.Skip(1).Any(a => a is "-h" or "--help"))
        {
            Console.WriteLine($"usage: humanclap {command.Name} {command.Usage}\n\n{command.Summary}");
            return 0;
        }
        try
        {
            return await command.RunAsync(new Args(args.Skip(1).ToArray(), command.Usage));
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"humanclap {command.Name}: {e.Message}\nusage: humanclap {command.Name} {command.Usage}");
            return 2;
        }
    }
}
