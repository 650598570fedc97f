namespace HumanClap.Cli;

/// <summary>One verb of the command line.</summary>
public interface ICommand
{
    string Name { get; }
    string Summary { get; }
    string Usage { get; }
    Task<int> RunAsync(Args args);
}

public sealed class UsageException(string message) : Exception(message);
