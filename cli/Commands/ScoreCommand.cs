using System.CommandLine;
using HumanClap.Common;
using HumanClap.Scoring;

namespace HumanClap.Cli;

public sealed class ScoreCommand : ICommand
{
    private readonly Option<string> _checkpoint =
        CliOptions.Path("--checkpoint", "DIR|CLAP_weights_*.pth",
            "CLAP checkpoint: Hugging Face folder, MS CLAP folder or msclap .pth (family detected)", required: true);
    private readonly Option<string> _pairs =
        CliOptions.Path("--pairs", "PAIRS.csv", "CSV with columns audio,text", required: true);
    private readonly Option<string> _out =
        CliOptions.Path("--out", "OUT.csv", "scores CSV to write (atomically)", required: true);
    private readonly Option<int> _batch = CliOptions.Int("--batch-size", "pairs per batch", 8, min: 1);
    private readonly Option<string> _device = CliOptions.Device();
    private readonly Option<bool> _allowPickle =
        CliOptions.Flag("--allow-pickle", "read pickled weights (pytorch_model.bin, CLAP_weights_*.pth; trusted files only)");

    public Command Create()
    {
        var command = new Command("score", "CLAPScore for audio-text pairs in a CSV")
            { _checkpoint, _pairs, _out, _batch, _device, _allowPickle };
        command.SetAction(Run);
        return command;
    }

    private int Run(ParseResult r)
    {
        var output = r.GetValue(_out)!;
        // Everything the user gave is checked before the model loads or a clip is decoded.
        OutputCheck.File(output, "--out");
        var rows = PairsFile.Read(r.GetValue(_pairs)!);
        var options = new ScorerOptions { Device = DeviceOption.Parse(r.GetValue(_device)), AllowPickle = r.GetValue(_allowPickle) };
        using var scorer = LoadScorer(r.GetValue(_checkpoint)!, options);

        int total = rows.Count;
        var progress = new Progress<int>(done => Console.Error.Write($"\rscored {done}/{total}"));
        var failed = PairsFile.Score(scorer, rows, output, r.GetValue(_batch), progress);
        Console.Error.WriteLine();
        Console.WriteLine($"wrote {output}: {total - failed.Count} scored, {failed.Count} failed");
        foreach (var f in failed.Take(20)) Console.WriteLine($"  row {f.Index + 1}: {f.Error}");
        return failed.Count == 0 ? 0 : ErrorReport.DataError;
    }

    /// <summary>The one place the score verb turns --checkpoint into a model (model families plug in here).</summary>
    private static ClapScorer LoadScorer(string checkpoint, ScorerOptions options) => ClapScorer.FromPretrained(checkpoint, options);
}
