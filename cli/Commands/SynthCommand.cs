using System.Diagnostics;
using HumanClap.Synthetic;

namespace HumanClap.Cli;

public sealed class SynthCommand : ICommand
{
    public string Name => "synth";
    public string Summary => "generate the synthetic listening-test world (RELATE layout) and the untrained clap-mini";
    public string Usage => "--out DIR [--scale tiny|default] [--seed 0] [--threads 2] [--force] [--no-model]";

    public Task<int> RunAsync(Args args)
    {
        var scale = WorldScale.FromName(args.Get("scale") ?? "default");
        int seed = args.Int("seed", 0), threads = args.Int("threads", 2);
        var outDir = args.Required("out");
        bool force = args.Flag("force"), noModel = args.Flag("no-model");
        args.EnsureAllConsumed();
        if (force && Directory.Exists(outDir)) Directory.Delete(outDir, recursive: true);

        var clock = Stopwatch.StartNew();
        var w = SyntheticWorld.Generate(scale, seed, outDir, threads);
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
        if (!noModel)
        {
            clock.Restart();
            ClapMini.Create(Path.Combine(outDir, "clap-mini"), seed, w.Texts);
            Console.WriteLine($"  clap-mini written to {Path.Combine(outDir, "clap-mini")} in {clock.Elapsed.TotalSeconds:F1} s");
        }
        return Task.FromResult(0);
    }
}
