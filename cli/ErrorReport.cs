using System.Text.Json;
using HumanClap.Audio;
using HumanClap.Common;
using HumanClap.Model;
using HumanClap.Ratings;
using HumanClap.Training;

namespace HumanClap.Cli;

/// <summary>The command line's one error path. A user error (bad input file, bad option value found late, unwritable
/// output, refused run folder) is one line naming the file, row, key or option, and exit code
/// <see cref="DataError"/> (or <see cref="UsageError"/>); the stack trace only with --verbose. Anything else is a bug:
/// its full trace and <see cref="InternalError"/>.</summary>
public static class ErrorReport
{
    public const int DataError = 1;
    public const int UsageError = 2;
    /// <summary>EX_SOFTWARE of sysexits.h: distinct from the user-error codes so that scripts can tell a bug.</summary>
    public const int InternalError = 70;

    /// <summary>The exit code of a user error, or null for a bug.</summary>
    public static int? Classify(Exception e) => e switch
    {
        UsageException => UsageError,
        UserInputException => DataError,
        // A full disk, a permission, a file held by another process: the environment, not a bug.
        IOException or UnauthorizedAccessException => DataError,
        _ => null,
    };

    public static int Report(Exception e, string verb, bool verbose, TextWriter error)
    {
        e = Unwrap(e);
        var code = Classify(e);
        if (code is null)
        {
            error.WriteLine($"humanclap {verb}: internal error (a bug; please report it with this trace):");
            error.WriteLine(e.ToString());
            return InternalError;
        }
        var hint = code == UsageError ? $" (see humanclap {verb} --help)" : "";
        error.WriteLine($"humanclap {verb}: {OneLine(e.Message)}{hint}");
        if (verbose) error.WriteLine($"{e.GetType()}\n{e.StackTrace}");
        return code.Value;
    }

    /// <summary>Multi-line messages (e.g. every mismatched checkpoint key) become one line.</summary>
    public static string OneLine(string message) =>
        string.Join(" ", message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static Exception Unwrap(Exception e)
    {
        while (e is AggregateException { InnerExceptions.Count: 1 } or System.Reflection.TargetInvocationException
               && e.InnerException is { } inner)
            e = inner;
        return e;
    }
}
