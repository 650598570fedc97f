using System.CommandLine;
using System.Diagnostics;
using HumanClap.Common;
using HumanClap.Experiments;
using HumanClap.Synthetic;

namespace HumanClap.Cli;

public sealed class SynthCommand : ICommand
{
    private readonly Option<string> _out =
        CliOptions.Path("--out", "DIR", "output folder (new or empty)", required: true);
    private readonly Option<string> _scale = CliOptions.Choice("--scale", "world size", "default", "tiny", "default");
    private readonly Option<int> _seed = CliOptions.Int("--seed", "seed of everything generated", 0);
    private readonly Option<int> _threads =
        CliOptions.Int("--threads", "threads rendering audio (cannot change a byte)", 2, min: 1);
    private readonly Option<bool> _force = CliOptions.Flag("--force", "empty the output folder first");
    private readonly Option<bool> _noModel = CliOptions.Flag("--no-model", "do not build clap-mini");

    public Command Create()
    {
        var command = new Command("synth",
            "generate the synthetic listening-test world (RELATE layout) and the untrained clap-mini")
            { _out, _scale, _seed, _threads, _force, _noModel };
        command.SetAction(Run);
        return command;
    }

    private int Run(ParseResult p)
    {
        var outDir = p.GetValue(_out)!;
        int seed = p.GetValue(_seed);
        OutputCheck.Folder(outDir, "--out");
        using var runLock = RunLock.Acquire(outDir, "synth run");
        if (p.GetValue(_force)) RunFolder.ClearAll(outDir);

        var clock = Stopwatch.StartNew();
        var world = SyntheticWorld.Generate(WorldScale.FromName(p.GetValue(_scale)!), seed, outDir,
                                            p.GetValue(_threads));
        PrintWorld(world, clock.Elapsed.TotalSeconds);
        PrintDiagnostics(WorldDiagnostics.Compute(outDir));
        if (!p.GetValue(_noModel))
        {
            clock.Restart();
            var clapMini = Path.Combine(outDir, "clap-mini");
            ClapMini.Create(clapMini, seed, world.Corpus);
            Console.WriteLine($"  clap-mini written to {clapMini} in {clock.Elapsed.TotalSeconds:F1} s");
        }
        return 0;
    }

    private static void PrintWorld(WorldSummary w, double seconds)
    {
        var c = w.Counts;
        Console.WriteLine($"world '{w.Scale.Name}' seed {w.Seed} -> {w.Folder.Dir}");
        Console.WriteLine($"  captions {c.TrainCaptions} train + {c.TestCaptions} test, " +
                          $"pretrain clips {c.PretrainClips}, wav files {c.WavFiles}");
        Console.WriteLine($"  pairs {c.Pairs}, listeners {c.Listeners} ({c.CarelessListeners} careless, " +
                          $"{c.ScreenedOutListeners} screened out), " +
                          $"ratings {c.Ratings} incl. {c.AnchorRatings} anchors");
        Console.WriteLine($"  size {w.Bytes / 1e6:F1} MB, generated in {seconds:F1} s");
    }

    private static void PrintDiagnostics(WorldStats s)
    {
        Console.WriteLine($"  screening (mean anchor > 2): precision {s.ScreeningPrecision:F2}, " +
                          $"recall {s.ScreeningRecall:F2}");
        Console.WriteLine($"  Spearman vs truth: single ratings {s.SpearmanSingleAll:F3} (all), " +
                          $"{s.SpearmanSingleKept:F3} (kept); pair means {s.SpearmanPairMeanKept:F3}");
        foreach (var (sys, rel) in s.MeanRelevanceBySystem)
            Console.WriteLine($"  {sys,-10} mean true relevance {rel:F2}, " +
                              $"mean kept score {s.MeanScoreBySystem.GetValueOrDefault(sys):F2}");
    }
}
