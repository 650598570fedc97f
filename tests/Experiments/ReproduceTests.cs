using HumanClap.Tests.Support;
using System.Text.Json;
using HumanClap.Experiments;
using HumanClap.Losses;
using HumanClap.Tests.Notebooks;

namespace HumanClap.Tests.Experiments;

/// <summary>The main job at the tiny scale, end to end through the command line, as CI runs it; then the real-data
/// path (checkpoint + RELATE-format ratings + audio root) on the same files. In the serial collection because both
/// train models and the machine has two cores: running them side by side only makes both slower.</summary>
[Collection(SerialCollection.Name)]
public sealed class ReproduceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("humanclap-reproduce-").FullName;
    public void Dispose() => Directory.Delete(_dir, true);

    private static readonly string[] Variants = ["wSCE+MSE", "wSCE+MAE", "wSCE", "MSE", "MAE", "MSE+MAE"];

    [Fact]
    public async Task TinyRunWritesCompleteTablesAndARerunReusesEverything()
    {
        var outDir = Path.Combine(_dir, "run");
        Assert.Equal(0, await HumanClap.Cli.CommandLine.RunAsync(
            ["reproduce", "--scale", "tiny", "--seed", "1", "--out", outDir]));

        var table1 = File.ReadAllLines(Path.Combine(outDir, "tables", "table1.csv"));
        var header = table1[0].Split(',');
        int srcc = Array.IndexOf(header, "SRCC"), lcc = Array.IndexOf(header, "LCC");
        int mse = Array.IndexOf(header, "MSE");
        var rows = table1.Skip(1).Select(l => l.Split(',')).ToDictionary(f => f[0]);
        foreach (var name in Variants.Append("conventional CLAP (SCE)"))
        {
            Assert.True(rows.ContainsKey(name), $"table 1 lacks {name}");
            foreach (int c in new[] { srcc, lcc, mse })
                Assert.True(double.TryParse(rows[name][c], System.Globalization.CultureInfo.InvariantCulture, out _),
                    $"{name}: '{rows[name][c]}'");
        }
        var table2 = File.ReadAllLines(Path.Combine(outDir, "tables", "table2.csv"))[0];
        foreach (var col in new[] { "natural", "audioldm", "audioldm2", "tango", "tango2", "synthesized" })
            Assert.Contains(col, table2);
        var table3 = File.ReadAllLines(Path.Combine(outDir, "tables", "table3.csv"));
        Assert.Equal(7, table3[0].Split(',').Length);
        foreach (var fig in new[] { "figure1", "figure3a", "figure3b", "training-curves" })
            Assert.True(File.Exists(Path.Combine(outDir, "figures", fig + ".html")), fig);

        var first = Models(outDir);
        Assert.Equal(7, first.Count);
        // What the notebooks read: results.json back into typed results, and written again unchanged.
        var loaded = ExperimentResults.Load(outDir);
        Assert.Equal(File.ReadAllText(Path.Combine(outDir, "results.json")).TrimEnd(), Serialize(loaded));
        Assert.Equal(7, loaded.Models.Count);
        // Exactly the committed numbers of this run on this machine kind (docs/results/tiny-seed1*, the folder whose
        // machine.txt names the kind; the README quotes tiny-seed1): catches drift across machines of one kind,
        // libtorch versions and code changes that alter the arithmetic.
        var results = Path.Combine(HumanClap.Tests.Support.Fixtures.RepoRoot, "docs", "results");
        var committed = HumanClap.Tests.Support.MachineKind.CommittedRun(results, "tiny-seed1");
        Assert.True(committed is not null,
            $"no committed tiny run for this machine kind ({HumanClap.Tests.Support.MachineKind.Current}): " +
            "publish one " +
            "with `humanclap reproduce --scale tiny --seed 1 --out RUN` and `humanclap report --run RUN --name " +
            $"tiny-seed1-{HumanClap.Tests.Support.MachineKind.Current}`, and add its machine.txt");
        Assert.Equal(Models(committed!), first);
        // Same seed and folder: the world and every training are reused (resume finds them complete) and the numbers
        // are identical.
        Assert.Equal(0, await HumanClap.Cli.CommandLine.RunAsync(
            ["reproduce", "--scale", "tiny", "--seed", "1", "--out", outDir]));
        Assert.Equal(first, Models(outDir));
    }

    [Fact]
    public void RealDataPathRunsTheSameCodeOnAGivenCheckpoint()
    {
        // A "real" layout made from a tiny world: its REL.csv, its audio folders, and its untrained clap-mini.
        var world = new HumanClap.Synthetic.WorldFolder(Path.Combine(_dir, "world"));
        HumanClap.Synthetic.SyntheticWorld.Ensure(HumanClap.Synthetic.WorldScale.Tiny, 2, world.Dir, TextWriter.Null);
        var checkpoint = Path.Combine(_dir, "checkpoint");
        HumanClap.Synthetic.ClapMini.Create(checkpoint, 2, world.ReadCorpus());
        var results = PaperExperiment.Run(new ExperimentOptions
        {
            OutDir = Path.Combine(_dir, "real"), Checkpoint = checkpoint, Ratings = world.ScoresCsv,
            AudioRoot = world.Dir, Epochs = 1, Variants = [HumanClapLoss.Mse], BootstrapResamples = 50,
            Compare = [MsClapFixture, HfFixture],
        });
        Assert.Equal("real", results.DataSource);
        Assert.Equal(0, results.PretrainEpochs);
        Assert.Equal(checkpoint, results.Baseline.Checkpoint);
        Assert.Equal(2, results.Models.Count);
        Assert.True(results.Counts.TestPairs > 0);
        Assert.Equal(results.Counts.TestPairs, results.Baseline.ClapScores.Length);
        Assert.False(Directory.Exists(RunFolder.BaselineDir(Path.Combine(_dir, "real"))),
            "real data must not pretrain a baseline");
        ResultsRoundTrip(results, Path.Combine(_dir, "real"));
        ComparisonsAreReported(results, Path.Combine(_dir, "real"));
    }

    private static string MsClapFixture => HumanClap.Tests.Support.MsClapFixtures.Dir("tiny_2023");
    private static string HfFixture => HumanClap.Tests.Support.Fixtures.Checkpoint("tiny_unfused");

    /// <summary>--compare models: scored zero-shot on every test pair (never trained), a Table 1 row each with a finite
    /// SRCC, a Figure 1 panel each, and their numbers back from results.json.</summary>
    private static void ComparisonsAreReported(ExperimentResults results, string runDir)
    {
        Assert.Equal(["MS CLAP 2023 (tiny_2023)", "HF CLAP (tiny_unfused)"], results.Comparisons.Select(m => m.Name));
        Assert.All(results.Comparisons, m =>
        {
            Assert.Equal(results.TestPairs.Count, m.ClapScores.Length);
            Assert.Empty(m.History);
            Assert.NotNull(m.VersusBaseline);
        });
        // The two families score the same pairs differently (a copied baseline would not).
        Assert.NotEqual(results.Comparisons[0].ClapScores, results.Comparisons[1].ClapScores);

        HumanClap.Reporting.PaperReport.Write(results, runDir);
        var table1 = File.ReadAllLines(Path.Combine(runDir, "tables", "table1.csv"));
        int srcc = Array.IndexOf(table1[0].Split(','), "SRCC");
        var rows = table1.Skip(1).Select(l => l.Split(',')).ToDictionary(f => f[0]);
        Assert.All(results.Comparisons, m => Assert.True(rows.ContainsKey(m.Name), $"table 1 lacks {m.Name}"));
        // Only MS CLAP's SRCC can be required: tiny_unfused's random weights give every pair a negative cosine, so its
        // CLAPScore (clamped at 0) is constant and its SRCC undefined (an empty cell, null in results.json).
        var msClap = results.Comparisons[0].Name;
        Assert.True(double.TryParse(rows[msClap][srcc], System.Globalization.CultureInfo.InvariantCulture,
            out var value) && double.IsFinite(value), $"{msClap}: SRCC '{rows[msClap][srcc]}'");
        var figure1 = File.ReadAllText(Path.Combine(runDir, "figures", "figure1.html"));
        Assert.All(results.Comparisons.Prepend(results.Baseline), m => Assert.Contains(m.Name, figure1));

        var loaded = ExperimentResults.Load(runDir);
        Assert.Equal(results.Comparisons.Select(m => m.Name), loaded.Comparisons.Select(m => m.Name));
        foreach (var (was, now) in results.Comparisons.Zip(loaded.Comparisons))
        {
            Assert.All(was.ClapScores.Zip(now.ClapScores), s => Assert.Equal(s.First, s.Second, 6));
            Assert.Equal(was.Subset("all").Lcc, now.Subset("all").Lcc, 6);
        }
        Assert.Equal(HumanClap.Experiments.ResultsJson.Build(results).ToJsonString(),
            HumanClap.Experiments.ResultsJson.Build(loaded).ToJsonString());
    }

    /// <summary>results.json written from in-memory results reads back to the same numbers (to its 6 decimals), and
    /// damaged files fail naming the file and the field.</summary>
    private static void ResultsRoundTrip(ExperimentResults results, string runDir)
    {
        HumanClap.Experiments.ResultsJson.Write(results, Path.Combine(runDir, "results.json"));
        var loaded = ExperimentResults.Load(runDir);
        Assert.Equal(results.DataSource, loaded.DataSource);
        Assert.Equal(results.Counts, loaded.Counts);
        Assert.Equal(results.Models.Select(m => m.Name), loaded.Models.Select(m => m.Name));
        Assert.Equal(results.TestPairs.Select(p => p.System), loaded.TestPairs.Select(p => p.System));
        Assert.All(results.TestPairs.Zip(loaded.TestPairs),
            p => Assert.Equal(p.First.Subjective01, p.Second.Subjective01, 6));
        foreach (var (was, now) in results.Models.Zip(loaded.Models))
        {
            Assert.Equal(was.ClapScores.Length, now.ClapScores.Length);
            Assert.All(was.ClapScores.Zip(now.ClapScores), s => Assert.Equal(s.First, s.Second, 6));
            Assert.Equal(was.Subsets.Select(s => s.Subset), now.Subsets.Select(s => s.Subset));
            Assert.Equal(was.Subset("all").Srcc, now.Subset("all").Srcc, 6);
            Assert.Equal(was.VersusBaseline?.PValue ?? -1, now.VersusBaseline?.PValue ?? -1, 6);
            Assert.Equal(was.History.Count, now.History.Count);
        }
        Assert.Equal(HumanClap.Experiments.ResultsJson.Build(results).ToJsonString(),
            HumanClap.Experiments.ResultsJson.Build(loaded).ToJsonString());

        var json = Path.Combine(runDir, "results.json");
        var text = File.ReadAllText(json);
        var node = System.Text.Json.Nodes.JsonNode.Parse(text)!;
        node["models"]![1]!["subsets"]!["all"]!.AsObject().Remove("srcc");
        File.WriteAllText(json, node.ToJsonString());
        var missing = Assert.Throws<HumanClap.Common.UserInputException>(() => ExperimentResults.Load(runDir));
        Assert.Contains(json, missing.Message);
        Assert.Contains("$.models[1].subsets.all", missing.Message);
        Assert.Contains("'srcc'", missing.Message);

        node = System.Text.Json.Nodes.JsonNode.Parse(text)!;
        node["counts"]!["test_pairs"] = "many";
        File.WriteAllText(json, node.ToJsonString());
        var mistyped = Assert.Throws<HumanClap.Common.UserInputException>(() => ExperimentResults.Load(runDir));
        Assert.Contains("$.counts.test_pairs", mistyped.Message);
        Assert.Contains("integer", mistyped.Message);

        node = System.Text.Json.Nodes.JsonNode.Parse(text)!;
        node.AsObject().Remove("format");
        File.WriteAllText(json, node.ToJsonString());
        Assert.False(HumanClap.Experiments.ResultsJsonReader.IsCurrent(json));
        Assert.Contains("older HumanClap (format 1",
            Assert.Throws<HumanClap.Common.UserInputException>(() => ExperimentResults.Load(runDir)).Message);
    }

    private static string Serialize(ExperimentResults r) =>
        HumanClap.Experiments.ResultsJson.Build(r).ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    private static List<string> Models(string outDir)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "results.json")));
        return doc.RootElement.GetProperty("models").EnumerateArray()
            .Select(m => string.Join(" ", m.GetProperty("name").GetString(), m.GetProperty("subsets").GetRawText(),
                m.GetProperty("intervals_95").GetRawText(), m.GetProperty("versus_baseline").GetRawText(),
                m.GetProperty("best_epoch")))
            .ToList();
    }
}
