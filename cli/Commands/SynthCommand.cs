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
        var command = new Command("synth", "generate the synthetic listening-test world (RELATE layout) and the untrained clap-mini")
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
        var w = SyntheticWorld.Generate(WorldScale.FromName(p.GetValue(_scale)!), seed, outDir, p.GetValue(_threads));
        double worldSeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"world '{w.Scale}' seed {w.Seed} -> {w.OutDir}");
        Console.WriteLine($"  captions {w.TrainCaptions} train + {w.TestCaptions} test, pretrain clips {w.PretrainClips}, wav files {w.WavFiles}");
        Console.WriteLine($"  pairs {w.Pairs}, listeners {w.Listeners} ({w.CarelessListeners} careless, {w.ScreenedOutListeners} screened out), ratings {w.Ratings} incl. {w.AnchorRatings} anchors");
        Console.WriteLine($"  size {w.Bytes / 1e6:F1} MB, generated in {worldSeconds:F1} s");
        var s = WorldDiagnostics.Compute(outDir);
        Console.WriteLine($"  screening (mean anchor > 2): precision {s.ScreeningPrecision:F2}, recall {s.ScreeningRecall:F2}");
        Console.WriteLine($"  Spearman vs truth: single ratings {s.SpearmanSingleAll:F3} (all), {s.SpearmanSingleKept:F3} (kept); pair means {s.SpearmanPairMeanKept:F3}");
        foreach (var (sys, rel) in s.MeanRelevanceBySystem)
            Console.WriteLine($"  {sys,-10} mean true relevance {rel:F2}, mean kept score {s.MeanScoreBySystem.GetValueOrDefault(sys):F2}");
        if (!p.GetValue(_noModel))
        {
            clock.Restart();
            ClapMini.Create(Path.Combine(outDir, "clap-mini"), seed, w.Texts);
            Console.WriteLine($"  clap-mini written to {Path.Combine(outDir, "clap-mini")} in {clock.Elapsed.TotalSeconds:F1} s");
        }
        return 0;
    }
}
