using HumanClap.Scoring;

namespace HumanClap.Cli;

public sealed class ScoreCommand : ICommand
{
    public string Name => "score";
    public string Summary => "CLAPScore for audio-text pairs in a CSV";
    public string Usage => "--checkpoint DIR|CLAP_weights_*.pth --pairs PAIRS.csv --out OUT.csv [--batch-size N] " +
        "[--device cpu|cuda] [--allow-pickle]";

    public Task<int> RunAsync(Args args)
    {
        var checkpoint = args.Required("checkpoint");
        var pairs = args.Required("pairs");
        var output = args.Required("out");
        int batch = args.Int("batch-size", 8);
        var device = DeviceOption.Parse(args.Get("device"));
        bool allowPickle = args.Flag("allow-pickle");
        args.EnsureAllConsumed();

        using var scorer = ClapScorer.FromPretrained(checkpoint,
            new ScorerOptions { Device = device, AllowPickle = allowPickle });
        var rows = PairsFile.Read(pairs);
        int total = rows.Count;
        var progress = new Progress<int>(done => Console.Error.Write($"\rscored {done}/{total}"));
        var failed = PairsFile.Score(scorer, rows, output, batch, progress);
        Console.Error.WriteLine();
        Console.WriteLine($"wrote {output}: {total - failed.Count} scored, {failed.Count} failed");
        foreach (var f in failed.Take(20)) Console.WriteLine($"  row {f.Index + 1}: {f.Error}");
        return Task.FromResult(failed.Count == 0 ? 0 : 1);
    }
}
