using System.CommandLine;
using HumanClap.Common;
using HumanClap.Experiments;
using HumanClap.Reporting;

namespace HumanClap.Cli;

public sealed class ReproduceCommand : ICommand
{
    private readonly Option<string> _scale =
        CliOptions.Choice("--scale", "synthetic world size", "default", "tiny", "default");
    private readonly Option<int> _seed = CliOptions.Int("--seed", "seed of the world, the splits and the training", 0);
    private readonly Option<string> _out = CliOptions.Path("--out", "DIR", "run folder (default runs/reproduce-SCALE)");
    private readonly Option<int?> _epochs = CliOptions.OptionalInt("--epochs", "fine-tuning epochs", min: 1);
    private readonly Option<int?> _pretrainEpochs =
        CliOptions.OptionalInt("--pretrain-epochs", "baseline pretraining epochs (synthetic)", min: 1);
    private readonly Option<double?> _lr = CliOptions.Number("--lr", "fine-tuning learning rate", above: 0);
    private readonly Option<double?> _pretrainLr =
        CliOptions.Number("--pretrain-lr", "baseline pretraining learning rate", 3e-4, above: 0);
    private readonly Option<string> _checkpoint =
        CliOptions.Path("--checkpoint", "DIR", "real data: the CLAP checkpoint to fine-tune");
    private readonly Option<string> _ratings = CliOptions.Path("--ratings", "REL.csv", "real data: RELATE ratings");
    private readonly Option<string> _audioRoot =
        CliOptions.Path("--audio-root", "DIR", "real data: folder the ratings' wavnames are under");
    private readonly Option<string[]> _compare = CliOptions.Paths("--compare", "PATH",
        "real data: another CLAP checkpoint (HF folder, MS CLAP folder or .pth) scored zero-shot " +
        "beside the baseline; repeatable");
    private readonly Option<bool> _allowPickle =
        CliOptions.Flag("--allow-pickle",
            "let --checkpoint and --compare read pickled weights (pytorch_model.bin, CLAP_weights_*.pth; " +
            "trusted files only)");
    private readonly Option<string> _device = CliOptions.Device();
    private readonly Option<bool> _force =
        CliOptions.Flag("--force", "start afresh: remove a previous run's files from --out");

    private readonly Option<string> _seeds = CliOptions.Path("--seeds", "SEEDS",
        "a seed study (e.g. 0-4): the main job once per seed into OUT/seed-N (a finished seed is reused), then the " +
        "spread over seeds in OUT/seeds.json, tables/seeds.{md,csv} and figures/seeds.html (default OUT: " +
        "runs/seeds-SCALE)");

    public Command Create()
    {
        var command = new Command("reproduce",
            "the main job: baseline, the loss variants, Tables 1-3 and Figures 1 and 3")
        {
            _scale, _seed, _out, _epochs, _pretrainEpochs, _lr, _pretrainLr, _checkpoint, _ratings, _audioRoot,
            _compare, _allowPickle, _device, _force, _seeds,
        };
        command.SetAction(Run);
        return command;
    }

    private int Run(ParseResult p)
    {
        var options = Options(p);
        if (p.GetValue(_seeds) is { } seeds) return RunStudy(p, options, SeedStudy.ParseSeeds(seeds));
        Check(options);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (results, written) = RunInto(options);
        Console.WriteLine();
        Console.WriteLine(PaperReport.Summary(results));
        Console.WriteLine($"wrote {written} files to {options.OutDir} (results.json, tables/, figures/) " +
                          $"in {clock.Elapsed.TotalMinutes:F1} min");
        return 0;
    }

    /// <summary>Options that do not fit together are a usage error; inputs must exist before any work.</summary>
    private static void Check(ExperimentOptions o)
    {
        try { o.Validate(); }
        catch (UserInputException e) { throw new UsageException(e.Message); }
        CheckInputs(o);
    }

    /// <summary>One run into its folder, held locked while it works; its results and how many files were written.
    /// </summary>
    private static (ExperimentResults Results, int Files) RunInto(ExperimentOptions o)
    {
        OutputCheck.Folder(o.OutDir, "--out");
        using var runLock = RunLock.Acquire(o.OutDir, "reproduce run");
        var results = PaperExperiment.Run(o);
        return (results, PaperReport.Write(results, o.OutDir).Count);
    }

    /// <summary>One run per seed in its own folder (reused when finished with the same options), then the study.
    /// </summary>
    private int RunStudy(ParseResult p, ExperimentOptions options, IReadOnlyList<int> seeds)
    {
        if (p.GetResult(_seed) is { Implicit: false })
            throw new UsageException("--seeds and --seed exclude each other");
        Check(options);
        var studyDir = p.GetValue(_out) ?? Workspace.RunPath("seeds-" + p.GetValue(_scale));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var runs = new List<(int, ExperimentResults)>();
        foreach (int seed in seeds)
        {
            var o = options with { Seed = seed, OutDir = SeedStudy.SeedDir(studyDir, seed) };
            if (!o.StartAfresh && ResultsJsonReader.IsCurrent(RunFolder.ResultsJson(o.OutDir)) && RunFolder.Matches(o))
            {
                Console.WriteLine($"seed {seed}: reusing the finished run in {o.OutDir}");
                runs.Add((seed, ExperimentResults.Load(o.OutDir)));
                continue;
            }
            Console.WriteLine($"seed {seed}: running into {o.OutDir}");
            RunInto(o);
            // Read back like a reused seed, so every seed enters the study as its results.json holds it.
            runs.Add((seed, ExperimentResults.Load(o.OutDir)));
        }
        var study = SeedStudy.Aggregate(runs);
        using var studyLock = RunLock.Acquire(studyDir, "seed study");
        SeedStudyReport.Write(study, studyDir);
        Console.WriteLine();
        Console.WriteLine(SeedStudyReport.Markdown(study));
        Console.WriteLine($"wrote {studyDir}: seeds.json, tables/seeds.md, tables/seeds.csv, figures/seeds.html; " +
                          $"{seeds.Count} seeds in {clock.Elapsed.TotalMinutes:F1} min");
        return 0;
    }

    private ExperimentOptions Options(ParseResult p)
    {
        return new ExperimentOptions
        {
            Scale = p.GetValue(_scale), Seed = p.GetValue(_seed),
            OutDir = p.GetValue(_out) ?? Workspace.RunPath("reproduce-" + p.GetValue(_scale)),
            Checkpoint = p.GetValue(_checkpoint), Ratings = p.GetValue(_ratings), AudioRoot = p.GetValue(_audioRoot),
            Compare = p.GetValue(_compare) ?? [], AllowPickle = p.GetValue(_allowPickle),
            Device = DeviceOption.Parse(p.GetValue(_device)),
            Epochs = p.GetValue(_epochs), PretrainEpochs = p.GetValue(_pretrainEpochs), LearningRate = p.GetValue(_lr),
            PretrainLearningRate = p.GetValue(_pretrainLr)!.Value, StartAfresh = p.GetValue(_force),
            Log = Console.Out, Progress = new ConsoleTrainingProgress(),
        };
    }

    private static void CheckInputs(ExperimentOptions o)
    {
        if (o.Checkpoint is { } c && !Directory.Exists(c))
            throw new UserInputException($"--checkpoint {c}: folder not found");
        if (o.Ratings is { } r && !File.Exists(r)) throw new UserInputException($"--ratings {r}: file not found");
        if (o.Compare.FirstOrDefault(path => !Directory.Exists(path) && !File.Exists(path)) is { } missing)
            throw new UserInputException($"--compare {missing}: no such folder or file");
        if (o.AudioRoot is { } a && !Directory.Exists(a))
            throw new UserInputException($"--audio-root {a}: folder not found");
    }
}
