using System.CommandLine;
using HumanClap.Common;
using HumanClap.Ratings;
using HumanClap.Reporting;

namespace HumanClap.Cli;

public sealed class RatingsCommand : ICommand
{
    private readonly Option<string> _scores =
        CliOptions.Path("--scores", "REL.csv", "ratings in RELATE format", required: true);
    private readonly Option<string> _listeners =
        CliOptions.Path("--listeners", "ATTR.csv", "listener attributes (RELATE format)");
    private readonly Option<double?> _threshold =
        CliOptions.Number("--threshold", "anchor score above which a listener is flagged", Screening.PaperThreshold);
    private readonly Option<string> _rule =
        CliOptions.Choice("--rule", "flag on the mean anchor score or on any anchor", "mean", "mean", "any");
    private readonly Option<int> _seed = CliOptions.Int("--seed", "seed of the splits and noise-ceiling resampling", 0);
    private readonly Option<string> _manifest = CliOptions.Path("--manifest", "FILE.json",
        "data manifest to check the file against (e.g. data-manifests/relate.json)");
    private readonly Option<string> _out = CliOptions.Path("--out", "DIR", "output folder", required: true);

    public Command Create()
    {
        var command = new Command("ratings",
            "screen, aggregate and split listening-test ratings (RELATE format); tables, figures, summary.json")
            { _scores, _listeners, _threshold, _rule, _seed, _manifest, _out };
        command.SetAction(Run);
        return command;
    }

    private int Run(ParseResult p)
    {
        var outDir = p.GetValue(_out)!;
        OutputCheck.Folder(outDir, "--out");
        var options = new RatingsPipelineOptions
        {
            ScoresCsv = p.GetValue(_scores)!, ListenersCsv = p.GetValue(_listeners), Manifest = p.GetValue(_manifest),
            Seed = p.GetValue(_seed),
            Screening = new ScreeningOptions
            {
                Threshold = p.GetValue(_threshold)!.Value,
                Rule = p.GetValue(_rule) == "any" ? ScreeningRule.AnyAboveThreshold : ScreeningRule.MeanAboveThreshold,
            },
        };
        var result = RatingsPipeline.Run(options);
        var notes = RatingsReport.Write(result, outDir);
        PrintSummary(result);
        foreach (var n in notes) Console.WriteLine(n);
        Console.WriteLine($"wrote {Path.GetFullPath(outDir)}");
        return 0;
    }

    private static void PrintSummary(RatingsPipelineResult result)
    {
        var s = result.Summary;
        Console.WriteLine($"ratings read {s.RatingsTotal} (skipped rows {s.RowsSkipped}), anchors {s.AnchorRatings}");
        foreach (var problem in result.Data.Problems.Take(10)) Console.WriteLine($"  skipped {problem}");
        Console.WriteLine($"listeners {s.ListenersTotal}, flagged {s.ListenersFlagged} ({s.Rule} > {s.Threshold}), " +
                          $"without anchors {s.ListenersWithoutAnchors}");
        Console.WriteLine($"ratings kept {s.RatingsKept}; " +
                          $"pairs train {s.PairsKept["train"]}, test {s.PairsKept["test"]}");
        Console.WriteLine($"paper split train/validation/test {Counts(s.PaperSplits)}; " +
                          $"RELATE split {Counts(s.RelateSplits)}");
        Console.WriteLine("noise ceiling SRCC " +
                          string.Join(", ", s.NoiseCeilingSrcc.Select(kv => $"{kv.Key} {kv.Value:F3}")));
        if (s.ScreeningVsDataset is { } c)
            Console.WriteLine(
                $"vs dataset exclusion: flagged {c.FlaggedFully} fully/{c.FlaggedPartly} partly/{c.FlaggedNone} " +
                $"not excluded; kept {c.KeptFully} fully/{c.KeptPartly} partly/{c.KeptNone} not excluded");
    }

    private static string Counts(IReadOnlyDictionary<string, int> split) =>
        $"{split["train"]}/{split["validation"]}/{split["test"]}";
}
