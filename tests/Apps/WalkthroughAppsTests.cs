using System.Text.RegularExpressions;
using HumanClap.NotebookGenerator;
using HumanClap.Tests.Notebooks;
using HumanClap.Tests.Support;
using Xunit.Abstractions;

namespace HumanClap.Tests.Apps;

/// <summary>Every walkthrough runs as a .NET 10 file-based app the way the README says (`dotnet notebooks/apps/NAME.cs`
/// from the repository root), exits 0, and writes each chart it draws (`output.Chart(..., "NAME")`) as HTML into
/// runs/apps/NAME/. In the notebooks' collection: the apps train and extract features like the notebooks do.</summary>
[Collection(SerialCollection.Name)]
public partial class WalkthroughAppsTests(ITestOutputHelper output)
{
    public static TheoryData<string> Apps() =>
        new(NotebookSet.Pairs(Fixtures.RepoRoot).Select(p => Path.GetFileName(p.App)));

    [GeneratedRegex("""output\.Chart\((?s:.*?), "(?<name>[^"]+)"\);""")]
    private static partial Regex ChartCall();

    [Theory]
    [MemberData(nameof(Apps))]
    public async Task App_runs_with_dotnet_and_writes_its_figures(string app)
    {
        var name = Path.GetFileNameWithoutExtension(app);
        var source = Path.Combine(Fixtures.RepoRoot, "notebooks", "apps", app);
        var figures = ChartCall().Matches(File.ReadAllText(source)).Select(m => m.Groups["name"].Value).ToList();
        Assert.NotEmpty(figures);
        var folder = Path.Combine(Fixtures.RepoRoot, "runs", "apps", name);
        if (Directory.Exists(folder)) Directory.Delete(folder, true);

        var (exitCode, text) = await ProcessRun.RunAsync("dotnet", [Path.Combine("notebooks", "apps", app)],
            Fixtures.RepoRoot, TimeSpan.FromMinutes(20));
        output.WriteLine(text);
        Assert.True(exitCode == 0, $"{app} exited {exitCode}:\n{text}");
        // The app's build of the library lands in artifacts/lib, which the pack command packs: it must be optimized
        // (a file-based app builds its references unoptimized unless the library insists).
        Assert.True(AssemblyOptimization.IsOptimized(Path.Combine(Fixtures.RepoRoot, "artifacts", "lib",
            "HumanClap.Lib.dll")), "artifacts/lib/HumanClap.Lib.dll was built without optimization");
        foreach (var figure in figures)
        {
            var html = Path.Combine(folder, figure + ".html");
            Assert.True(File.Exists(html), $"{app} did not write {html}");
            Assert.Contains("Plotly.newPlot", File.ReadAllText(html));
            Assert.Contains($"figure: {html}", text);
        }
    }
}
