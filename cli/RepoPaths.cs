namespace HumanClap.Cli;

/// <summary>Locates the repository root (the folder with HumanClap.Lib.csproj) from the working directory or the
/// binary.</summary>
public static class RepoPaths
{
    public static string Root => Find()
        ?? throw new HumanClap.Common.UserInputException(
            "cannot find the HumanClap repository (HumanClap.Lib.csproj) above " +
            $"{Directory.GetCurrentDirectory()} or the binary; run from inside the checkout");

    /// <summary>The repository root, or null outside a checkout (an installed tool run elsewhere).</summary>
    public static string? Find() => Find(Directory.GetCurrentDirectory()) ?? Find(AppContext.BaseDirectory);

    private static string? Find(string start)
    {
        for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "HumanClap.Lib.csproj"))) return d.FullName;
        return null;
    }
}
