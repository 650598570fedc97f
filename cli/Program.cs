using HumanClap.Cli;

// Entry point: `humanclap VERB [options]`. Each verb lives in Commands/ and parses its own options.
var commands = new ICommand[]
{
    new ScoreCommand(),
    new NotebooksCommand(),
    new BenchCommand(),
    new SynthCommand(),
};

if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    Console.WriteLine("usage: humanclap VERB [options]\n\nverbs:");
    foreach (var c in commands) Console.WriteLine($"  {c.Name,-10} {c.Summary}");
    return args.Length == 0 ? 2 : 0;
}

var command = commands.FirstOrDefault(c => c.Name == args[0]);
if (command is null)
{
    Console.Error.WriteLine($"humanclap: unknown verb '{args[0]}' (try --help)");
    return 2;
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
