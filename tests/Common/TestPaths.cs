namespace HumanClap.Tests.Common;

/// <summary>Locations of data that is not committed (the RELATE copy under shared/data/relate).</summary>
public static class TestPaths
{
    /// <summary>$HUMANCLAP_RELATE when it holds scores/REL.csv, else the first `shared/data/relate` folder found
    /// walking up from the test binaries, or null.</summary>
    public static string? RelateDir
    {
        get
        {
            if (Environment.GetEnvironmentVariable("HUMANCLAP_RELATE") is { Length: > 0 } env
                && File.Exists(Path.Combine(env, "scores", "REL.csv")))
                return env;
            for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            {
                var candidate = Path.Combine(d.FullName, "shared", "data", "relate");
                if (File.Exists(Path.Combine(candidate, "scores", "REL.csv"))) return candidate;
            }
            return null;
        }
    }

    public static string RelateFile(string relative) =>
        Path.Combine(RelateDir ?? throw new InvalidOperationException("RELATE data not found"), relative);

    /// <summary>A fresh temporary folder for one test.</summary>
    public static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "humanclap-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}

/// <summary>A fact that needs the RELATE ratings; skipped with a message when they are absent.</summary>
public sealed class RelateFactAttribute : FactAttribute
{
    public RelateFactAttribute()
    {
        if (TestPaths.RelateDir is null)
            Skip = "RELATE data not found (looked for shared/data/relate/scores/REL.csv above the test binaries); " +
                   "fetch it as data-manifests/relate.json says";
    }
}
