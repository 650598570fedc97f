using HumanClap.Ratings;
using HumanClap.Reporting;

namespace HumanClap.Cli;

public sealed class RatingsCommand : ICommand
{
    public string Name => "ratings";
    public string Summary => "screen, aggregate and split listening-test ratings (RELATE format); tables, figures, summary.json";
    public string Usage => "--scores REL.csv [--listeners ATTR.csv] [--threshold 2] [--rule mean|any] [--seed 0] [--manifest data-manifests/relate.json] --out DIR";

    public Task<int> RunAsync(Args args)
    {
        var scores = args.Required("scores");
        var listeners = args.Get("listeners");
        double threshold = args.Double("threshold", 2.0);
        var rule = args.Get("rule") ?? "mean";
        int seed = args.Int("seed", 0);
        var manifest = args.Get("manifest");
        var outDir = args.Required("out");
        args.EnsureAllConsumed();
        var options = new RatingsAnalysisOptions
        {
            ScoresCsv = scores, ListenersCsv = listeners, Manifest = manifest, Seed = seed,
            Screening = new ScreeningOptions
            {
                Threshold = threshold,
                Rule = rule switch
                {
                    "mean" => ScreeningRule.MeanAboveThreshold,
                    "any" => ScreeningRule.AnyAboveThreshold,
                    _ => throw new UsageException($"--rule expects 'mean' or 'any', got '{rule}'"),
                },
            },
        };
        RatingsAnalysisResult result;
        try { result = RatingsAnalysis.Run(options); }
        catch (RatingsFormatException e)
        {
            Console.Error.WriteLine($"humanclap ratings: {e.Message}");
            return Task.FromResult(1);
        }
        var notes = RatingsAnalysis.Write(result, outDir);
        var s = result.Summary;
        Console.WriteLine($"ratings read {s.RatingsTotal} (skipped rows {s.RowsSkipped}), anchors {s.AnchorRatings}");
        foreach (var p in result.Data.Problems.Take(10)) Console.WriteLine($"  skipped {p}");
        Console.WriteLine($"listeners {s.ListenersTotal}, flagged {s.ListenersFlagged} ({s.Rule} > {s.Threshold}), without anchors {s.ListenersWithoutAnchors}");
        Console.WriteLine($"ratings kept {s.RatingsKept}; pairs train {s.PairsKept["train"]}, test {s.PairsKept["test"]}");
        Console.WriteLine($"paper split train/validation/test {s.PaperSplits["train"]}/{s.PaperSplits["validation"]}/{s.PaperSplits["test"]}; " +
                          $"RELATE split {s.RelateSplits["train"]}/{s.RelateSplits["validation"]}/{s.RelateSplits["test"]}");
        Console.WriteLine("noise ceiling SRCC " + string.Join(", ", s.NoiseCeilingSrcc.Select(kv => $"{kv.Key} {kv.Value:F3}")));
        if (s.ScreeningVsDataset is { } c)
            Console.WriteLine($"vs dataset exclusion: flagged {c.FlaggedFully} fully/{c.FlaggedPartly} partly/{c.FlaggedNone} not excluded; " +
                              $"kept {c.KeptFully} fully/{c.KeptPartly} partly/{c.KeptNone} not excluded");
        foreach (var n in notes) Console.WriteLine(n);
        Console.WriteLine($"wrote {Path.GetFullPath(outDir)}");
        return Task.FromResult(0);
    }
}
