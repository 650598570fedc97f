using HumanClap.Tests.Support;

namespace HumanClap.Tests.Notebooks;

internal static class NotebookFixtures
{
    /// <summary>The fixture notebooks in the source tree (not the copies in bin/): their relative #r paths point at
    /// artifacts/lib the way real notebooks in notebooks/ do.</summary>
    public static string Path(string name) =>
        System.IO.Path.Combine(Fixtures.RepoRoot, "tests", "fixtures", "notebooks", name);

    public static string TempDir()
    {
        var dir = System.IO.Path.Combine(
            System.IO.Path.GetTempPath(), "humanclap-nb-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        return dir;
    }
}
