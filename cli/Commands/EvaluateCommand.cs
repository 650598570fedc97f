using System.CommandLine;
using System.Text.Json;
using HumanClap.Common;
using HumanClap.Evaluation;
using HumanClap.Experiments;
using HumanClap.Reporting;
using HumanClap.Scoring;

namespace HumanClap.Cli;

/// <summary>`evaluate`: several text-to-audio systems' clips scored by several CLAP backbones, with intervals,
/// paired comparisons, rankings and, with ratings, each backbone's agreement with the listeners.</summary>
public sealed class EvaluateCommand : ICommand
{
    private readonly Option<string> _clips = CliOptions.Path("--clips", "CLIPS.csv",
        "generated clips, one row each: system,prompt_id,text,audio[,category] (audio relative to the CSV)");
    private readonly Option<string> _systems = CliOptions.Path("--systems", "DIR",
        "a folder per system holding PROMPT_ID.wav (with --prompts)");
    private readonly Option<string> _prompts = CliOptions.Path("--prompts", "PROMPTS.csv",
        "the prompts of --systems: prompt_id,text[,category]");
    private readonly Option<string[]> _models = CliOptions.Paths("--model", "NAME=PATH",
        "a CLAP backbone (any checkpoint `score` loads), repeatable; every one loads before scoring starts");
    private readonly Option<string> _out = CliOptions.Path("--out", "DIR",
        "evaluation folder to write (default with --demo: runs/evaluate-demo/report)");
    private readonly Option<string> _ratings = CliOptions.Path("--ratings", "REL.csv",
        "listening-test ratings of the clips (RELATE format; with --audio-root)");
    private readonly Option<string> _audioRoot = CliOptions.Path("--audio-root", "DIR",
        "folder the ratings' wavnames are under");
    private readonly Option<string> _processor = CliOptions.Processor();
    private readonly Option<bool> _allowPickle = CliOptions.Flag("--allow-pickle",
        "read pickled weights (LAION .pt, CLAP_weights_*.pth, pytorch_model.bin; trusted files only)");
    private readonly Option<string> _cache = CliOptions.Path("--cache", "DIR",
        "embedding cache shared between runs and shards");
    private readonly Option<int> _batch = CliOptions.Int("--batch-size", "clips per encoder batch", 8, min: 1);
    private readonly Option<string> _device = CliOptions.Device();
    private readonly Option<int> _seed = CliOptions.Int("--seed", "seed of the random crops and of the bootstrap", 0);
    private readonly Option<int> _resamples = CliOptions.Int("--resamples", "bootstrap resamples", 1000, min: 1);
    private readonly Option<string> _shard = CliOptions.Path("--shard", "K/N",
        "score only shard K of N (split by unique clip) and write its scores; `--merge` makes the report");
    private readonly Option<string[]> _merge = CliOptions.Paths("--merge", "SHARD_DIR",
        "the folders of every shard's run (repeatable): report as one run would");
    private readonly Option<bool> _demo = CliOptions.Flag("--demo",
        "the embedded example: the synthetic world's systems, scored by a tiny reproduce run's conventional CLAP " +
        "and Human-CLAP variants, against its listeners (the run is made once, then reused)");
    private readonly Option<bool> _png = CliOptions.Flag("--png",
        "also a screenshot of report.html as report.png, by headless Chromium (HUMANCLAP_CHROMIUM)");
    private readonly Option<string> _run = CliOptions.Path("--run", "RUN",
        "with --demo: the reproduce run to evaluate with (default runs/evaluate-demo/run, a tiny run)");

    public Command Create()
    {
        var command = new Command("evaluate",
            "evaluate text-to-audio systems: several CLAP backbones side by side, with intervals, against listeners")
        {
            _clips, _systems, _prompts, _models, _out, _ratings, _audioRoot, _processor, _allowPickle, _cache, _batch,
            _device, _seed, _resamples, _shard, _merge, _demo, _run, _png,
        };
        command.SetAction(Run);
        return command;
    }

    private int Run(ParseResult r)
    {
        var (set, backbones, ratings, scorer, outDir) = r.GetValue(_demo) ? Demo(r) : Inputs(r);
        OutputCheck.Folder(Path.GetFullPath(outDir), "--out", outDir);
        var shard = r.GetValue(_shard) is { } s ? Shard.Parse(s) : Shard.Whole;
        var merge = r.GetValue(_merge) ?? [];
        if (merge.Length > 0 && !shard.IsWhole) throw new UsageException("--merge and --shard exclude each other");
        using var runLock = RunLock.Acquire(outDir, "evaluation");

        IReadOnlyList<ClipScore> scores;
        if (merge.Length > 0) scores = ShardRun.Merge(merge, set);
        else
        {
            var options = new EvaluationOptions
            {
                Set = set, Backbones = backbones, Scorer = scorer, BatchSize = r.GetValue(_batch), Shard = shard,
            };
            scores = Evaluator.Score(options, Console.WriteLine);
            if (!shard.IsWhole)
            {
                ShardRun.Write(outDir, shard, r.GetValue(_batch), backbones, scores);
                Console.WriteLine($"wrote shard {shard} to {outDir}: {scores.Count(x => x.Cosine is not null)} clip " +
                                  "scores; merge every shard with --merge");
                return Failed(scores) ? ErrorReport.DataError : 0;
            }
        }
        var names = merge.Length > 0 ? ShardRun.Backbones(merge[0]) : backbones.Select(b => b.Name).ToList();
        var results = Evaluator.Analyse(set, names, scores, ratings, r.GetValue(_resamples), r.GetValue(_seed));
        EvaluationReport.Write(outDir, results, scores, ratings);
        Console.WriteLine(EvaluationReport.Markdown(results).Split("\n\n")[1]);
        Console.WriteLine($"wrote {outDir}: report.html, report.md, results.json, scores.csv, per-prompt.csv, " +
                          "systems.csv, comparisons.csv");
        if (r.GetValue(_png))
            Console.WriteLine(PageScreenshot.TryCapture(Path.Combine(outDir, "report.html"),
                Path.Combine(outDir, "report.png"), out var why) ? "wrote report.png" : $"no report.png: {why}");
        return Failed(scores) ? ErrorReport.DataError : 0;
    }

    private static bool Failed(IReadOnlyList<ClipScore> scores) => scores.Any(s => s.Cosine is null);

    private (EvaluationSet, IReadOnlyList<Backbone>, ListenerRatings?, ScorerOptions, string) Inputs(ParseResult r)
    {
        var outDir = r.GetValue(_out) ?? throw new UsageException("--out DIR is required (or --demo)");
        if (r.GetValue(_run) is not null) throw new UsageException("--run goes with --demo");
        var set = (r.GetValue(_clips), r.GetValue(_systems), r.GetValue(_prompts)) switch
        {
            ({ } csv, null, null) => EvaluationSet.FromCsv(csv),
            (null, { } dir, { } prompts) => EvaluationSet.FromFolders(dir, prompts),
            _ => throw new UsageException("give the clips as --clips CLIPS.csv or as --systems DIR --prompts " +
                                          "PROMPTS.csv"),
        };
        var merge = r.GetValue(_merge) ?? [];
        var backbones = merge.Length > 0 ? [] : Backbone.ParseAll(r.GetValue(_models) ?? []);
        ListenerRatings? ratings = (r.GetValue(_ratings), r.GetValue(_audioRoot)) switch
        {
            ({ } csv, { } root) => ListenerRatings.Load(csv, root, set),
            (null, null) => null,
            _ => throw new UsageException("--ratings and --audio-root go together"),
        };
        return (set, backbones, ratings, Scorer(r, r.GetValue(_processor)), outDir);
    }

    private (EvaluationSet, IReadOnlyList<Backbone>, ListenerRatings?, ScorerOptions, string) Demo(ParseResult r)
    {
        foreach (var option in new Option[] { _clips, _systems, _prompts, _models, _ratings, _audioRoot, _merge })
            if (r.GetResult(option) is { Implicit: false })
                throw new UsageException($"--demo brings its own inputs; leave {option.Name} out");
        var runDir = r.GetValue(_run) ?? Workspace.RunPath("evaluate-demo", "run");
        if (!File.Exists(RunFolder.ResultsJson(runDir))) ReproduceTiny(runDir);
        var set = DemoEvaluation.Set(runDir);
        return (set, DemoEvaluation.Backbones(runDir), DemoEvaluation.Ratings(runDir, set),
            Scorer(r, DemoEvaluation.ProcessorDir(runDir)),
            r.GetValue(_out) ?? Workspace.RunPath("evaluate-demo", "report"));
    }

    private static void ReproduceTiny(string runDir)
    {
        Console.WriteLine($"--demo: training the backbones first (reproduce --scale tiny --out {runDir})");
        var options = new ExperimentOptions { Scale = "tiny", OutDir = runDir, Log = Console.Out };
        OutputCheck.Folder(Path.GetFullPath(runDir), "--run", runDir);
        using var runLock = RunLock.Acquire(runDir, "reproduce run");
        PaperReport.Write(PaperExperiment.Run(options), runDir);
    }

    private ScorerOptions Scorer(ParseResult r, string? processor) => new()
    {
        Device = DeviceOption.Parse(r.GetValue(_device)), AllowPickle = r.GetValue(_allowPickle),
        CacheDir = r.GetValue(_cache) is { } c ? Path.GetFullPath(c) : null, ProcessorDir = processor,
        Seed = r.GetValue(_seed),
    };
}
