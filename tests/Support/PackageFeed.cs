namespace HumanClap.Tests.Support;

/// <summary>
/// The HumanClap packages as a user gets them, made once per test run by the README's pack command
/// (<c>dotnet pack packaging/HumanClap.Packages.slnf -c Release -o artifacts/packages</c>), plus a NuGet packages folder of the run's
/// own in a temporary folder: every restore of the run (notebook kernels, dotnet-repl, apps, projects, the tool)
/// goes there, so nothing restored earlier on this machine, and no earlier build of the same version, can help or
/// get in the way. The outside-the-repository tests also get a copy of the packages in a temporary feed.
/// </summary>
public sealed class PackageFeed : IAsyncLifetime
{
    /// <summary>The packages' version: the library's own (Directory.Build.props).</summary>
    public static readonly string Version =
        typeof(HumanClap.Scoring.ClapScorer).Assembly.GetName().Version!.ToString(3);
    public static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(10);

    /// <summary>A temporary folder outside the repository that holds <see cref="Feed"/> and
    /// <see cref="PackagesFolder"/>.</summary>
    public string Root { get; } =
        Path.Combine(Path.GetTempPath(), "humanclap-packages-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>The README's feed folder in the repository (the repository's notebooks read it).</summary>
    public static string RepositoryFeed => Path.Combine(Fixtures.RepoRoot, "artifacts", "packages");

    public string Feed => Path.Combine(Root, "feed");
    public string PackagesFolder => Path.Combine(Root, "nuget-packages");

    /// <summary>The environment every process of these tests runs with. The feed is this run's own for the
    /// repository's notebooks too (notebooks/humanclap.csx reads HUMANCLAP_FEED): the kernel caches what package
    /// lines resolved to, keyed by the lines and their sources, so a feed folder used before could bring back the
    /// paths of an earlier run.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["NUGET_PACKAGES"] = PackagesFolder, ["HUMANCLAP_FEED"] = Feed,
    };

    public string PackOutput { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        Directory.CreateDirectory(PackagesFolder);
        if (Directory.Exists(RepositoryFeed))
            foreach (var old in Directory.GetFiles(RepositoryFeed, "*.nupkg")) File.Delete(old);
        var pack = await ProcessRun.RunAsync("dotnet",
            ["pack", "packaging/HumanClap.Packages.slnf", "-c", "Release", "-o", "artifacts/packages"],
            Fixtures.RepoRoot, PackTimeout);
        PackOutput = pack.Output;
        if (pack.ExitCode != 0)
            throw new InvalidOperationException($"dotnet pack failed ({pack.ExitCode}):\n{pack.Output}");
        foreach (var package in Directory.GetFiles(RepositoryFeed, "*.nupkg"))
            File.Copy(package, Path.Combine(Feed, Path.GetFileName(package)));
    }

    public Task DisposeAsync()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { } // a process still holding a file: the temporary folder is cleaned up later
        return Task.CompletedTask;
    }

    public string Package(string id) => Path.Combine(Feed, $"{id}.{Version}.nupkg");
}
