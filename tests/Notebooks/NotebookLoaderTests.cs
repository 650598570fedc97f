using HumanClap.Notebooks;
using HumanClap.Tests.Support;

namespace HumanClap.Tests.Notebooks;

/// <summary>notebooks/humanclap.csx, the header every repository notebook starts with, in the stock kernel: it loads
/// the HumanClap package from the repository's feed, and says what to do when it cannot.</summary>
[Collection(SerialCollection.Name)]
public class NotebookLoaderTests(PackageFeed packages)
{
    private const string Header = "#load \"humanclap.csx\"";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);
    private static string NotebooksDir => Path.Combine(Fixtures.RepoRoot, "notebooks");

    private static async Task<Submission> Submit(StdioKernel kernel, string code)
    {
        var submission = await kernel.SubmitAsync(code, "csharp", Timeout);
        Assert.True(submission.Succeeded, submission.Error);
        return submission;
    }

    private static string Text(Submission s) => string.Concat(KernelOutputs.From(s.Events).Select(o => o.Text));

    [Fact]
    public async Task The_header_loads_the_package_once_with_one_copy_of_each_assembly_and_charts_render()
    {
        await using var kernel = await StdioKernel.StartAsync(NotebooksDir, Timeout, default, packages.Environment);
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
        Assert.StartsWith(packages.PackagesFolder, loaded["HumanClap.Lib"][2]);
        var shown = KernelOutputs.From((await Submit(kernel, "chart")).Events);
        Assert.Contains(shown, o => o.Data.TryGetValue("text/html", out var html) && html.Contains("Plotly.newPlot"));
    }

    [Fact]
    public async Task A_missing_package_is_one_message_naming_the_pack_command()
    {
        // A notebook folder whose ../artifacts/packages does not exist (inside the repository, so the tool manifest
        // is found).
        var folder = Path.Combine(Fixtures.RepoRoot, "artifacts", "loader-test-" + Guid.NewGuid().ToString("N")[..8],
            "notebooks");
        Directory.CreateDirectory(folder);
        try
        {
            File.Copy(Path.Combine(NotebooksDir, "humanclap.csx"), Path.Combine(folder, "humanclap.csx"));
            // Without HUMANCLAP_FEED: the header looks for the feed where the README's pack command writes it.
            var environment = packages.Environment.Where(e => e.Key != "HUMANCLAP_FEED").ToDictionary();
            await using var kernel = await StdioKernel.StartAsync(folder, Timeout, default, environment);
            var submission = await kernel.SubmitAsync(Header, "csharp", Timeout);
            Assert.False(submission.Succeeded);
            Assert.StartsWith($"HumanClap {PackageFeed.Version} is not packed yet", submission.Error);
            Assert.Contains("`dotnet pack packaging/HumanClap.Packages.slnf -c Release -o artifacts/packages`", submission.Error);
            Assert.DoesNotContain("   at ", submission.Error);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(folder)!, recursive: true);
        }
    }

    [Fact]
    public async Task An_earlier_build_in_the_nuget_cache_is_named_with_the_folder_to_delete()
    {
        var cache = Directory.CreateTempSubdirectory("humanclap-stale-").FullName;
        try
        {
            var cached = Path.Combine(cache, "humanclap", PackageFeed.Version);
            Directory.CreateDirectory(cached);
            File.WriteAllText(Path.Combine(cached, $"humanclap.{PackageFeed.Version}.nupkg.sha512"), "an-older-build");
            await using var kernel = await StdioKernel.StartAsync(NotebooksDir, Timeout, default, packages.Environment);
            // The header reads the cache's location from the kernel's environment, as NuGet does.
            await Submit(kernel, $"Environment.SetEnvironmentVariable(\"NUGET_PACKAGES\", @\"{cache}\");");
            var submission = await kernel.SubmitAsync(Header, "csharp", Timeout);
            Assert.False(submission.Succeeded);
            Assert.Contains("the NuGet cache holds an earlier build", submission.Error);
            Assert.Contains(cached, submission.Error);
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }
}
