using HumanClap.Notebooks;
using HumanClap.Tests.Support;

namespace HumanClap.Tests.Notebooks;

/// <summary>notebooks/humanclap.csx, the header every notebook starts with, in the stock kernel.</summary>
[Collection(SerialCollection.Name)]
public class NotebookLoaderTests
{
    private const string Header = "#load \"humanclap.csx\"";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
    private static string NotebooksDir => Path.Combine(Fixtures.RepoRoot, "notebooks");

    private static async Task<Submission> Submit(StdioKernel kernel, string code)
    {
        var submission = await kernel.SubmitAsync(code, "csharp", Timeout);
        Assert.True(submission.Succeeded, submission.Error);
        return submission;
    }

    private static string Text(Submission s) => string.Concat(KernelOutputs.From(s.Events).Select(o => o.Text));

    [Fact]
    public async Task Every_library_assembly_is_loaded_once_and_charts_render_as_plotly_html()
    {
        await using var kernel = await StdioKernel.StartAsync(NotebooksDir, Timeout);
        await Submit(kernel, Header);
        await Submit(kernel, Header); // running the header twice (Run All again) is harmless
        await Submit(kernel, """
            using HumanClap.Model;
            var model = ClapModel.FromPretrained(
                System.IO.Path.GetFullPath("../tests/fixtures/clap-parity/tiny_unfused"));
            var chart = Plotly.NET.CSharp.Chart.Point<double, double, string>(x: [1.0, 2.0], y: [3.0, 4.0]);
            """);
        var loaded = Text(await Submit(kernel, """
            foreach (var g in AppDomain.CurrentDomain.GetAssemblies().GroupBy(a => a.GetName().Name))
                Console.WriteLine($"{g.Key}|{g.Count()}|{g.First().Location}");
            """)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('|')).ToDictionary(p => p[0]);
        string[] shared = ["HumanClap.Lib", "TorchSharp", "Plotly.NET", "DynamicObj", "Deedle", "FSharp.Core"];
        foreach (var name in shared)
            Assert.True(loaded.TryGetValue(name, out var entry) && entry[1] == "1",
                $"{name}: {string.Join(" ", entry ?? ["not loaded"])}");
        Assert.Equal(Path.Combine(Fixtures.RepoRoot, "artifacts", "lib", "Plotly.NET.dll"), loaded["Plotly.NET"][2]);
        var shown = KernelOutputs.From((await Submit(kernel, "chart")).Events);
        Assert.Contains(shown, o => o.Data.TryGetValue("text/html", out var html) && html.Contains("Plotly.newPlot"));
    }

    [Fact]
    public async Task Missing_build_is_one_message_naming_the_build_command()
    {
        // A notebook folder whose ../artifacts/lib does not exist (inside the repository, so the tool manifest is
        // found).
        var folder = Path.Combine(Fixtures.RepoRoot, "artifacts", "loader-test-" + Guid.NewGuid().ToString("N")[..8],
            "notebooks");
        Directory.CreateDirectory(folder);
        try
        {
            File.Copy(Path.Combine(NotebooksDir, "humanclap.csx"), Path.Combine(folder, "humanclap.csx"));
            await using var kernel = await StdioKernel.StartAsync(folder, Timeout);
            var submission = await kernel.SubmitAsync(Header, "csharp", Timeout);
            Assert.False(submission.Succeeded);
            Assert.Contains("HumanClap is not built yet", submission.Error);
            Assert.Contains("`dotnet build HumanClap.Lib.csproj -c Release`", submission.Error);
            Assert.DoesNotContain("CS0006", submission.Error);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(folder)!, recursive: true);
        }
    }
}
