using System.Globalization;
using System.Text.Json;
using HumanClap.Experiments;
using HumanClap.Metrics;
using HumanClap.Reporting;
using HumanClap.Tests.Notebooks;
using HumanClap.Tests.Support;

namespace HumanClap.Tests.Experiments;

/// <summary>The seed study: intervals against direct computations, and a tiny two-seed study equal to single runs.
/// </summary>
public sealed class SeedStudyTests
{
    [Fact]
    public void IntervalsOverSeedsAreTheTFormulaAndADirectBootstrap()
    {
        double[] deltas = [0.04, 0.11, 0.09, 0.13, -0.02];
        var g = SeedStudy.Summarise("MSE", "all", deltas, wins: 3);
        double mean = deltas.Average();
        double sd = Math.Sqrt(deltas.Sum(d => (d - mean) * (d - mean)) / 4);
        const double t4 = 2.7764451051977987; // t(0.975, 4 degrees of freedom)
        Assert.Equal(mean, g.Mean, 12);
        Assert.Equal(mean - t4 * sd / Math.Sqrt(5), g.TLower, 9);
        Assert.Equal(mean + t4 * sd / Math.Sqrt(5), g.TUpper, 9);

        var rng = new Random(Resampling.SeedFor(0, "seeds", "MSE", "all"));
        var means = Enumerable.Range(0, SeedStudy.Resamples)
            .Select(_ => Enumerable.Range(0, 5).Sum(_ => deltas[rng.Next(5)]) / 5).Order().ToArray();
        Assert.Equal(MathNet.Numerics.Statistics.Statistics.Quantile(means, 0.025), g.BootstrapLower!.Value, 12);
        Assert.Equal(MathNet.Numerics.Statistics.Statistics.Quantile(means, 0.975), g.BootstrapUpper!.Value, 12);
        Assert.Equal(3, g.Wins);

        var few = SeedStudy.Summarise("MSE", "all", deltas[..2], wins: 0);
        Assert.Null(few.BootstrapLower);
        Assert.Equal(deltas[..2].Average() + 12.706204736174707 * Math.Abs(deltas[0] - deltas[1]) / 2, few.TUpper, 9);
    }

    [Fact]
    public void SeedsAreParsed()
    {
        Assert.Equal([0, 1, 2, 3, 4], SeedStudy.ParseSeeds("0-4"));
        Assert.Equal([0, 2, 7], SeedStudy.ParseSeeds("0,2,7"));
        Assert.Equal([5, 6, 9], SeedStudy.ParseSeeds("5-6,9"));
        foreach (var bad in new[] { "4-0", "a", "1,1", "-3", "0-500" })
            Assert.Throws<HumanClap.Common.UserInputException>(() => SeedStudy.ParseSeeds(bad));
    }
}

/// <summary>A tiny two-seed study through the command line: each seed's numbers are a single run's (seed 1: the
/// committed tiny run of this machine kind; seed 2: a single run made here), and seeds.json holds what the two runs'
/// results.json give. In the serial collection: it trains.</summary>
[Collection(SerialCollection.Name)]
public sealed class SeedStudyRunTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("humanclap-seeds-").FullName;
    public void Dispose() => Directory.Delete(_dir, true);

    private static string Numbers(string runDir)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(runDir, "results.json")));
        return string.Join("\n", doc.RootElement.GetProperty("models").EnumerateArray().Select(m => string.Join(" ",
            m.GetProperty("name").GetString(), m.GetProperty("subsets").GetRawText(),
            m.GetProperty("intervals_95").GetRawText(), m.GetProperty("versus_baseline").GetRawText(),
            m.GetProperty("clap_scores").GetRawText())));
    }

    [Fact]
    public async Task ATinyTwoSeedStudyIsTwoSingleRuns()
    {
        var study = Path.Combine(_dir, "study");
        Assert.Equal(0, await HumanClap.Cli.CommandLine.RunAsync(
            ["reproduce", "--scale", "tiny", "--seeds", "1-2", "--out", study]));
        var single = Path.Combine(_dir, "single-2");
        Assert.Equal(0, await HumanClap.Cli.CommandLine.RunAsync(
            ["reproduce", "--scale", "tiny", "--seed", "2", "--out", single]));
        Assert.Equal(Numbers(single), Numbers(SeedStudy.SeedDir(study, 2)));
        var committed = MachineKind.CommittedRun(Path.Combine(Fixtures.RepoRoot, "docs", "results"), "tiny-seed1");
        if (committed is not null)
        {
            using var a = JsonDocument.Parse(File.ReadAllText(Path.Combine(committed, "results.json")));
            using var b = JsonDocument.Parse(File.ReadAllText(Path.Combine(SeedStudy.SeedDir(study, 1),
                "results.json")));
            Assert.Equal(a.RootElement.GetProperty("models")[0].GetProperty("subsets").GetRawText(),
                b.RootElement.GetProperty("models")[0].GetProperty("subsets").GetRawText());
        }

        // seeds.json against the two runs' own numbers.
        var s = SeedStudyReport.Read(Path.Combine(study, SeedStudyReport.JsonFile));
        var runs = new[] { 1, 2 }.Select(k => ExperimentResults.Load(SeedStudy.SeedDir(study, k))).ToList();
        foreach (var variant in runs[0].Models.Where(m => !m.IsBaseline).Select(m => m.Name))
        {
            var deltas = runs.Select(r => r.Model(variant)!.Subset("all").Srcc - r.Baseline.Subset("all").Srcc)
                .ToArray();
            var gain = s.Gains.Single(g => g.Variant == variant && g.Subset == "all");
            Assert.Equal(deltas, gain.PerSeed);
            Assert.Equal(runs.Count(r => r.Model(variant)!.VersusBaseline!.Lower > 0), gain.Wins);
        }
        var srcc = runs.Select(r => r.Baseline.Subset("all").Srcc).ToArray();
        var spread = s.Models.Single(m => m.Model == runs[0].Baseline.Name && m.Subset == "all").Srcc;
        Assert.Equal(srcc.Average(), spread.Mean, 12);
        Assert.Equal(Math.Abs(srcc[0] - srcc[1]) / Math.Sqrt(2), spread.Sd, 12);
        Assert.Equal(SeedStudyReport.Markdown(s), File.ReadAllText(Path.Combine(study, "tables", "seeds.md")));

        // A second study reuses both finished seeds.
        Assert.Equal(0, await HumanClap.Cli.CommandLine.RunAsync(
            ["reproduce", "--scale", "tiny", "--seeds", "1-2", "--out", study]));
        Assert.Equal(Numbers(single), Numbers(SeedStudy.SeedDir(study, 2)));
    }
}
