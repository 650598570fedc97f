using System.Diagnostics;
using HumanClap.Cli;

namespace HumanClap.Tests.Cli;

/// <summary>One run of the command line: exit code and what it wrote to the error stream.</summary>
public sealed record CliResult(int ExitCode, string Error)
{
    /// <summary>A .NET stack-trace line ("   at Namespace.Type.Method(...)").</summary>
    public bool HasStackTrace => Error.Split('\n').Any(l => l.StartsWith("   at "));

    /// <summary>Exit code, the named thing in the message, and no stack trace.</summary>
    public void AssertUserError(int exitCode, params string[] named)
    {
        Assert.True(ExitCode == exitCode, $"exit {ExitCode}, expected {exitCode}: {Error}");
        foreach (var n in named) Assert.Contains(n, Error);
        Assert.False(HasStackTrace, "stack trace printed: " + Error);
        Assert.Single(Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}

public static class CliRunner
{
    /// <summary>In-process, as fast as a method call; the error stream is captured (the verbs' normal output still
    /// goes to the console).</summary>
    public static CliResult Run(params string[] args)
    {
        var error = new StringWriter();
        int code = CommandLine.RunAsync(args, TextWriter.Null, error).GetAwaiter().GetResult();
        return new CliResult(code, error.ToString());
    }

    /// <summary>A real process of the built CLI (artifacts/cli/humanclap.dll), for what in-process runs cannot show
    /// (two processes, the real console).</summary>
    public static async Task<(int ExitCode, string Output)> RunProcessAsync(params string[] args)
    {
        var dll = Path.Combine(Path.GetDirectoryName(typeof(CommandLine).Assembly.Location)!, "humanclap.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (p.ExitCode, await stdout + await stderr);
    }
}
