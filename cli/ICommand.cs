using System.CommandLine;

namespace HumanClap.Cli;

/// <summary>One verb of the command line: its System.CommandLine definition (options, typed values, help text) with
/// the action that runs it. A new instance per invocation, so options never carry state between runs.</summary>
public interface ICommand
{
    Command Create();
}

/// <summary>A wrong command line found after parsing (e.g. --device cuda without CUDA): exit 2, like parse
/// errors.</summary>
public sealed class UsageException(string message) : Exception(message);
