using HumanClap.Experiments;
using HumanClap.Reporting;

namespace HumanClap.Cli;

public sealed class ReproduceCommand : ICommand
{
    public string Name => "reproduce";
    public string Summary => "the main job: baseline, the loss variants, Tables 1-3 and Figures 1 and 3";
    public string Usage => "[--scale tiny|default] [--seed N] [--out DIR] [--epochs N] [--pretrain-epochs N] [--lr X] [--pretrain-lr X] " +
                           "[--checkpoint DIR --ratings REL.csv --audio-root DIR] [--device cpu|cuda]";

    public Task<int> RunAsync(Args args)
    {
        var options = new ExperimentOptions
        {
            Scale = args.Get("scale") ?? "default",
            Seed = args.Int("seed", 0),
            OutDir = args.Get("out") ?? Path.Combine("runs", "reproduce-" + (args.Get("scale") ?? "default")),
            Checkpoint = args.Get("checkpoint"),
            Ratings = args.Get("ratings"),
            AudioRoot = args.Get("audio-root"),
            Device = DeviceOption.Parse(args.Get("device")),
            Epochs = args.Get("epochs") is null ? null : args.Int("epochs", 0),
            PretrainEpochs = args.Get("pretrain-epochs") is null ? null : args.Int("pretrain-epochs", 0),
            LearningRate = args.Get("lr") is null ? null : args.Double("lr", 0),
            PretrainLearningRate = args.Double("pretrain-lr", 3e-4),
            Log = Console.Out,
            Progress = new ConsoleTrainingProgress(),
        };
        args.EnsureAllConsumed();
        try { options.Validate(); }
        catch (ArgumentException e) { throw new UsageException(e.Message); }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var results = PaperExperiment.Run(options);
        var written = PaperReport.Write(results, options.OutDir);
        Console.WriteLine();
        Console.WriteLine(PaperReport.Summary(results));
        Console.WriteLine($"wrote {written.Count} files to {options.OutDir} (results.json, tables/, figures/) in {clock.Elapsed.TotalMinutes:F1} min");
        return Task.FromResult(0);
    }
}
