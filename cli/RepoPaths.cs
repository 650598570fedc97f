using HumanClap.Common;

namespace HumanClap.Cli;

/// <summary>The repository root for the command line: <see cref="Workspace"/>'s finder, started from the working
/// directory and then from the binary (the launcher runs the build output inside the checkout).</summary>
public static class RepoPaths
{
    private static IEnumerable<string> Starts => [Directory.GetCurrentDirectory(), AppContext.BaseDirectory];

    public static string Root => Workspace.FindRoot(Starts);

    /// <summary>The repository root, or null outside a checkout (an installed tool run elsewhere).</summary>
    public static string? Find() => Workspace.TryFindRoot(Starts);
}
