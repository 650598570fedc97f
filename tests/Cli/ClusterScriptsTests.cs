using System.Diagnostics;
using HumanClap.Cli;
using HumanClap.Tests.Support;

namespace HumanClap.Tests.Cli;

/// <summary>tools/cluster's job-array scripts, run here as N local processes at once: a Slurm array and a Kubernetes
/// Indexed Job (as the scheduler would set their index variables), each merged, equal a single run byte for byte.
/// </summary>
public sealed class ClusterScriptsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("humanclap-cluster-").FullName;
    public void Dispose() => Directory.Delete(_dir, true);

    private static string Script(string name) => Path.Combine(Fixtures.RepoRoot, "tools", "cluster", name);

    private static Process Start(string script, IReadOnlyDictionary<string, string> env, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true };
        psi.ArgumentList.Add(script);
        foreach (var a in args) psi.ArgumentList.Add(a);
        var dll = Path.Combine(Path.GetDirectoryName(typeof(CommandLine).Assembly.Location)!, "humanclap.dll");
        psi.Environment["HUMANCLAP"] = $"dotnet {dll}";
        foreach (var (k, v) in env) psi.Environment[k] = v;
        return Process.Start(psi)!;
    }

    private static async Task<string> Finish(Process p)
    {
        var output = await p.StandardOutput.ReadToEndAsync() + await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, output);
        return output;
    }

    [Theory]
    [InlineData("slurm")]
    [InlineData("kubernetes")]
    public async Task ThreeShardProcessesAndTheMergeAreTheSingleRun(string scheduler)
    {
        var (systems, prompts, rel) = TtaBenchmark.Write(_dir);
        string[] inputs = ["--systems", systems, "--prompts", prompts, "--ratings", rel, "--audio-root", systems,
            "--resamples", "200", "--batch-size", "2"];
        var models = TtaBenchmark.EvaluateArgs(systems, prompts, "unused")[^4..];
        var single = Path.Combine(_dir, "single");
        Assert.Equal(0, CliRunner.Run(["evaluate", .. inputs, .. models, "--out", single]).ExitCode);

        var eval = Path.Combine(_dir, "eval");
        var shared = new Dictionary<string, string>
        {
            ["EVAL_OUT"] = eval, ["EVAL_CACHE"] = Path.Combine(eval, "cache"),
        };
        var processes = Enumerable.Range(0, 3).Select(i => Start(Script("evaluate-shard.sh"),
            new Dictionary<string, string>(shared)
            {
                [scheduler == "slurm" ? "SLURM_ARRAY_TASK_ID" : "JOB_COMPLETION_INDEX"] = i.ToString(),
                [scheduler == "slurm" ? "SLURM_ARRAY_TASK_COUNT" : "SHARDS"] = "3",
            }, [.. inputs, .. models])).ToList();
        foreach (var p in processes) await Finish(p);
        await Finish(Start(Script("evaluate-merge.sh"), shared, inputs));

        foreach (var file in new[] { "scores.csv", "systems.csv", "comparisons.csv", "results.json", "report.md" })
            Assert.True(File.ReadAllBytes(Path.Combine(single, file))
                .SequenceEqual(File.ReadAllBytes(Path.Combine(eval, "report", file))), file);
    }
}
