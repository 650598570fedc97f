using System.Diagnostics;
using HumanClap.Audio;
using HumanClap.Common;
using HumanClap.Losses;
using HumanClap.Metrics;
using HumanClap.Model;
using HumanClap.Synthetic;
using HumanClap.Text;
using HumanClap.Training;
using TorchSharp;

namespace HumanClap.Experiments;

/// <summary>The paper end to end: data, baseline, the loss variants, evaluation on the test pairs.
/// Every stage writes into <see cref="ExperimentOptions.OutDir"/> and is reused when run again (the world when its
/// scale and seed match, trainings through their resumable checkpoints), so a killed job continues where it stopped.</summary>
public static class PaperExperiment
{
    public static readonly HumanClapLoss Sce = new("SCE", 1, 0, 0);

    public static ExperimentResults Run(ExperimentOptions o)
    {
        o.Validate();
        RunFolder.Prepare(o);
        Determinism.PinThreads();
        var stages = new Dictionary<string, double>();
        var clock = Stopwatch.StartNew();
        void Stage(string name) { stages[name] = clock.Elapsed.TotalSeconds; clock.Restart(); o.Log.WriteLine($"[{name}] {stages[name]:F1} s"); }

        var (epochs, lr, pretrainEpochs) = o.Schedule();
        string checkpoint, scores, audioRoot;
        List<(string WavName, string Caption)> pretrain = [];
        if (o.IsRealData)
        {
            (checkpoint, scores, audioRoot) = (o.Checkpoint!, o.Ratings!, o.AudioRoot!);
        }
        else
        {
            var world = Path.Combine(o.OutDir, "world");
            EnsureWorld(WorldScale.FromName(o.Scale!), o.Seed, world, o.Log);
            (scores, audioRoot) = (Path.Combine(world, "scores", "REL.csv"), world);
            pretrain = ReadPretrainCaptions(Path.Combine(world, "captions.csv"));
            checkpoint = Path.Combine(o.OutDir, "clap-mini");
            if (!File.Exists(Path.Combine(checkpoint, "model.safetensors")))
                ClapMini.Create(checkpoint, o.Seed, CorpusOf(world));
            Stage("world");
        }

        var data = ExperimentData.Load(scores, audioRoot, o.Seed);
        o.Log.WriteLine($"ratings: {data.Ratings.Ratings.Count} rows, {data.Screening.FlaggedListeners.Count} of " +
                        $"{data.Screening.ListenersTotal} listeners flagged; pairs train {data.Splits.Train.Count}, " +
                        $"validation {data.Splits.Validation.Count}, test {data.Splits.Test.Count}");
        var extractor = ClapFeatureExtractor.FromPretrained(checkpoint);
        var tokenizer = ClapTokenizer.FromPretrained(checkpoint);
        var loadOptions = new AudioLoadOptions { TargetSampleRate = extractor.Config.SamplingRate, MaxSeconds = 60 };
        var clips = data.AllClips.Concat(pretrain.Select(p => (p.WavName, data.AudioPath(p.WavName))));
        var built = FeatureCache.Build(clips, extractor, loadOptions, seed: o.Seed);
        var (cache, failed) = (built.Cache, built.Failed);
        using var _ = cache;
        o.Log.WriteLine($"features of {cache.Count} clips: decoding and resampling {built.LoadSeconds:F1} s, extraction {built.ExtractSeconds:F1} s");
        foreach (var (id, error) in failed.Take(20)) o.Log.WriteLine($"  skipped clip {id}: {error}");
        Stage("features");

        // Pairs whose audio failed are reported above and left out of training and evaluation, not fatal.
        bool Usable(string id) => cache.Contains(id);
        var train = ExperimentData.ToTrainingPairs(data.Splits.Train.Where(p => Usable(p.WavName)));
        var validation = ExperimentData.ToTrainingPairs(data.Splits.Validation.Where(p => Usable(p.WavName)));
        var test = data.Splits.Test.Where(p => Usable(p.WavName)).ToList();
        var testPairs = test.Select(p => new EvaluatedPair(p.System, p.Mean01, 0)).ToList();
        var testInputs = test.Select(p => (p.WavName, p.Text)).ToList();

        var models = new List<ModelResult>();
        string baselineName, baseline;
        IReadOnlyList<EpochRecord> baselineHistory = [];
        int baselineBest = 0;
        double baselineSeconds = 0;
        if (o.IsRealData)
        {
            (baselineName, baseline) = (Path.GetFileName(Path.GetFullPath(checkpoint).TrimEnd('/')), checkpoint);
        }
        else
        {
            var sw = Stopwatch.StartNew();
            var pairs = pretrain.Where(p => Usable(p.WavName)).Select(p => new TrainingPair(p.WavName, p.Caption, 1.0)).ToList();
            int nVal = Math.Max(2, pairs.Count / 10);
            var result = TrainFrom(checkpoint, tokenizer, cache, pairs.Skip(nVal).ToList(), pairs.Take(nVal).ToList(),
                new TrainerOptions
                {
                    OutputDir = Path.Combine(o.OutDir, "baseline"), Loss = Sce, Epochs = pretrainEpochs,
                    LearningRate = o.PretrainLearningRate, BatchSize = o.BatchSize, Seed = o.Seed, Progress = o.Progress,
                }, o);
            (baselineName, baseline, baselineHistory, baselineBest) = ("conventional CLAP (SCE)", result.BestCheckpoint, result.History, result.BestEpoch);
            baselineSeconds = sw.Elapsed.TotalSeconds;
            Stage("baseline");
        }
        var baseScores = Evaluate(baseline, tokenizer, cache, testInputs, o);
        models.Add(ModelResult.FromScores(baselineName, true, baseline, baseScores, testPairs, null, baselineHistory, baselineBest, baselineSeconds, o.BootstrapResamples, o.Seed));
        // Before the fine-tuning, so a comparison checkpoint that cannot be read stops the run early.
        var comparisons = ComparisonModels.Score(o, data, test, testPairs, baseScores,
            o.Variants.Select(v => v.Name).Append(baselineName));
        if (comparisons.Count > 0) Stage("comparisons");

        foreach (var loss in o.Variants)
        {
            var sw = Stopwatch.StartNew();
            var result = TrainFrom(baseline, tokenizer, cache, train, validation, new TrainerOptions
            {
                OutputDir = Path.Combine(o.OutDir, "variants", Slug(loss.Name)), Loss = loss, Epochs = epochs,
                LearningRate = lr, BatchSize = o.BatchSize, Seed = o.Seed, Progress = o.Progress,
            }, o);
            var scoresOf = Evaluate(result.BestCheckpoint, tokenizer, cache, testInputs, o);
            models.Add(ModelResult.FromScores(loss.Name, false, result.BestCheckpoint, scoresOf, testPairs, baseScores,
                result.History, result.BestEpoch, sw.Elapsed.TotalSeconds, o.BootstrapResamples, o.Seed));
            Stage("variant " + loss.Name);
        }

        var counts = new DataCounts(data.Ratings.Ratings.Count, data.Screening.ListenersTotal, data.Screening.FlaggedListeners.Count,
            data.Screening.Kept.Count, train.Count, validation.Count, test.Count, pretrain.Count, failed.Count);
        return new ExperimentResults(o, o.IsRealData ? "real" : $"synthetic ({o.Scale}, seed {o.Seed})", epochs, lr, pretrainEpochs,
            testPairs, models, data.TestNoiseCeiling, counts, stages) { Comparisons = comparisons };
    }

    private static TrainingResult TrainFrom(string checkpoint, ClapTokenizer tokenizer, FeatureCache cache,
        IReadOnlyList<TrainingPair> train, IReadOnlyList<TrainingPair> validation, TrainerOptions options, ExperimentOptions o)
    {
        using var model = ClapModel.FromPretrained(checkpoint);
        if (o.Device is { } device) model.to(device);
        o.Log.WriteLine($"training {options.Loss.Name}: {train.Count} pairs, {options.Epochs} epochs, lr {options.LearningRate:G3} -> {options.OutputDir}");
        return new Trainer(model, tokenizer, cache).Train(train, validation, options);
    }

    private static double[] Evaluate(string checkpoint, ClapTokenizer tokenizer, FeatureCache cache,
        IReadOnlyList<(string, string)> pairs, ExperimentOptions o)
    {
        using var model = ClapModel.FromPretrained(checkpoint);
        if (o.Device is { } device) model.to(device);
        return CachedPairScorer.Cosines(model, tokenizer, cache, pairs).Select(Scoring.ClapScorer.ClapScore).ToArray();
    }

    /// <summary>Generates the world unless the folder already holds one of this scale and seed.</summary>
    public static void EnsureWorld(WorldScale scale, int seed, string dir, TextWriter log)
    {
        var marker = Path.Combine(dir, "world.json");
        if (File.Exists(marker) && WorldMatches(marker, scale.Name, seed))
        {
            log.WriteLine($"reusing the synthetic world in {dir}");
            return;
        }
        if (Directory.Exists(dir)) Directory.Delete(dir, true);
        log.WriteLine($"generating the synthetic world ({scale.Name}, seed {seed}) in {dir}");
        SyntheticWorld.Generate(scale, seed, dir, maxThreads: Math.Min(2, Environment.ProcessorCount));
    }

    /// <summary>Scale and seed of the world in <paramref name="worldJson"/>, or null when it records none.</summary>
    public static (string Scale, int Seed)? WorldIdentity(string worldJson)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(worldJson));
        var root = doc.RootElement;
        if (!root.TryGetProperty("scale", out var s) || !root.TryGetProperty("seed", out var sd)) return null;
        var name = s.ValueKind == System.Text.Json.JsonValueKind.Object && s.TryGetProperty("Name", out var n) ? n.GetString() : s.ToString();
        return (name ?? "", sd.GetInt32());
    }

    private static bool WorldMatches(string worldJson, string scale, int seed) => WorldIdentity(worldJson) == (scale, seed);

    private static List<(string, string)> ReadPretrainCaptions(string captionsCsv)
    {
        var csv = CsvIO.Read(captionsCsv);
        int wav = csv.Column("wavname"), noisy = csv.Column("noisy_caption"), split = csv.Column("split");
        return csv.Records.Where(r => r.Fields[split] == "pretrain").Select(r => (r.Fields[wav], r.Fields[noisy])).ToList();
    }

    /// <summary>Every caption and rated text of a world: the corpus clap-mini's tokenizer is learned from.</summary>
    public static IEnumerable<string> CorpusOf(string world)
    {
        var captions = CsvIO.Read(Path.Combine(world, "captions.csv"));
        int caption = captions.Column("caption"), noisy = captions.Column("noisy_caption");
        var scores = CsvIO.Read(Path.Combine(world, "scores", "REL.csv"));
        int text = scores.Column("text");
        return captions.Records.SelectMany(r => new[] { r.Fields[caption], r.Fields[noisy] })
            .Concat(scores.Records.Select(r => r.Fields[text])).Distinct();
    }

    public static string Slug(string name) =>
        new string(name.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray()).Trim('-').Replace("--", "-");
}
