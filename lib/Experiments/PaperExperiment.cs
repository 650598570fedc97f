using System.Diagnostics;
using HumanClap.Audio;
using HumanClap.Common;
using HumanClap.Losses;
using HumanClap.Metrics;
using HumanClap.Model;
using HumanClap.Ratings;
using HumanClap.Synthetic;
using HumanClap.Text;
using HumanClap.Training;

namespace HumanClap.Experiments;

/// <summary>The paper end to end, in stages: data, features, baseline, the loss variants, evaluation on the test
/// pairs. Every stage writes into <see cref="ExperimentOptions.OutDir"/> (<see cref="RunFolder"/>) and is reused when
/// run again (the world when its scale and seed match, trainings through their resumable checkpoints), so a killed
/// job continues where it stopped.</summary>
public static class PaperExperiment
{
    public static ExperimentResults Run(ExperimentOptions o)
    {
        o.Validate();
        RunFolder.Prepare(o);
        Determinism.PinThreads();
        var stages = new StageClock(o.Log);

        var source = ExperimentSource.Of(o, stages);
        var data = LoadRatings(source, o);
        using var features = ExtractFeatures(source, data, o);
        stages.Done("features");
        var pairs = UsablePairs.Of(data, features);

        var baseline = source.Baseline(features, o, stages);
        var evaluation = new TestEvaluation(pairs.TestPairs, o.BootstrapResamples, o.Seed);
        var baselineScores = Evaluate(baseline.Checkpoint, features, pairs.TestInputs, o);
        var models = new List<ModelResult> { ModelResult.FromScores(baseline, baselineScores, evaluation) };
        var versusBaseline = evaluation with { BaselineScores = baselineScores };
        // Before the fine-tuning, so a comparison checkpoint that cannot be read stops the run early.
        var comparisons = ComparisonModels.Score(o, data, pairs.Test, versusBaseline,
            o.Variants.Select(v => v.Name).Append(baseline.Name));
        if (comparisons.Count > 0) stages.Done("comparisons");

        foreach (var loss in o.Variants)
        {
            models.Add(FineTune(loss, baseline.Checkpoint, features, pairs, versusBaseline, o));
            stages.Done("variant " + loss.Name);
        }
        return Results(o, source, data, features, pairs, models, comparisons, stages);
    }

    private static ExperimentData LoadRatings(ExperimentSource source, ExperimentOptions o)
    {
        var data = ExperimentData.Load(source.ScoresCsv, source.AudioRoot, o.Seed);
        o.Log.WriteLine($"ratings: {data.Ratings.Ratings.Count} rows, {data.Screening.FlaggedListeners.Count} of " +
                        $"{data.Screening.ListenersTotal} listeners flagged; pairs train {data.Splits.Train.Count}, " +
                        $"validation {data.Splits.Validation.Count}, test {data.Splits.Test.Count}");
        return data;
    }

    /// <summary>Audio features of every rated and pretraining clip, extracted once for all trainings and
    /// evaluations.</summary>
    private static RunFeatures ExtractFeatures(ExperimentSource source, ExperimentData data, ExperimentOptions o)
    {
        var extractor = ClapFeatureExtractor.FromPretrained(source.Checkpoint);
        var tokenizer = ClapTokenizer.FromPretrained(source.Checkpoint);
        var loadOptions = new AudioLoadOptions { TargetSampleRate = extractor.Config.SamplingRate, MaxSeconds = 60 };
        var clips = data.AllClips.Concat(source.PretrainCaptions.Select(p => (p.WavName, data.AudioPath(p.WavName))));
        var built = FeatureCache.Build(clips, extractor, loadOptions, seed: o.Seed);
        o.Log.WriteLine($"features of {built.Cache.Count} clips: decoding and resampling {built.LoadSeconds:F1} s, " +
                        $"extraction {built.ExtractSeconds:F1} s");
        foreach (var (id, error) in built.Failed.Take(20)) o.Log.WriteLine($"  skipped clip {id}: {error}");
        return new RunFeatures(tokenizer, built.Cache, built.Failed);
    }

    /// <summary>One loss variant fine-tuned from the baseline and evaluated against it.</summary>
    private static ModelResult FineTune(HumanClapLoss loss, string baseline, RunFeatures features, UsablePairs pairs,
                                        TestEvaluation versusBaseline, ExperimentOptions o)
    {
        var clock = Stopwatch.StartNew();
        var (epochs, lr, _) = o.Schedule();
        var result = CheckpointTraining.Train(baseline, features, pairs.Train, pairs.Validation, new TrainerOptions
        {
            OutputDir = RunFolder.VariantDir(o.OutDir, loss.Name), Loss = loss, Epochs = epochs,
            LearningRate = lr, BatchSize = o.BatchSize, Seed = o.Seed, Progress = o.Progress,
        }, o);
        var scores = Evaluate(result.BestCheckpoint, features, pairs.TestInputs, o);
        var model = new ModelUnderTest(loss.Name, result.BestCheckpoint)
        {
            History = result.History, BestEpoch = result.BestEpoch, TrainSeconds = clock.Elapsed.TotalSeconds,
        };
        return ModelResult.FromScores(model, scores, versusBaseline);
    }

    private static ExperimentResults Results(ExperimentOptions o, ExperimentSource source, ExperimentData data,
        RunFeatures features, UsablePairs pairs, IReadOnlyList<ModelResult> models,
        IReadOnlyList<ModelResult> comparisons, StageClock stages)
    {
        var counts = new DataCounts(
            RatingsTotal: data.Ratings.Ratings.Count, ListenersTotal: data.Screening.ListenersTotal,
            ListenersFlagged: data.Screening.FlaggedListeners.Count, RatingsKept: data.Screening.Kept.Count,
            TrainPairs: pairs.Train.Count, ValidationPairs: pairs.Validation.Count, TestPairs: pairs.Test.Count,
            PretrainClips: source.PretrainCaptions.Count, ClipsFailed: features.Failed.Count);
        var (epochs, lr, pretrainEpochs) = o.Schedule();
        return new ExperimentResults(o, source.Description, epochs, lr, pretrainEpochs, pairs.TestPairs, models,
            data.TestNoiseCeiling, counts, stages.Seconds) { Comparisons = comparisons };
    }

    private static double[] Evaluate(string checkpoint, RunFeatures features, IReadOnlyList<(string, string)> pairs,
                                     ExperimentOptions o)
    {
        using var model = ClapModel.FromPretrained(checkpoint, o.CheckpointLoad);
        return CachedPairScorer.Cosines(model, features.Tokenizer, features.Cache, pairs)
            .Select(Scoring.ClapScorer.ClapScore).ToArray();
    }
}

/// <summary>Seconds each stage took, in stage order (results.json's stage_seconds), each logged as it ends.</summary>
internal sealed class StageClock(TextWriter log)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    public Dictionary<string, double> Seconds { get; } = [];

    public void Done(string stage)
    {
        Seconds[stage] = _clock.Elapsed.TotalSeconds;
        _clock.Restart();
        log.WriteLine($"[{stage}] {Seconds[stage]:F1} s");
    }
}

/// <summary>The run's tokenizer and the cached features of every clip it could read, with the clips it could not.
/// </summary>
internal sealed record RunFeatures(ClapTokenizer Tokenizer, FeatureCache Cache,
                                   IReadOnlyList<(string Id, string Error)> Failed) : IDisposable
{
    public bool Has(string clipId) => Cache.Contains(clipId);
    public void Dispose() => Cache.Dispose();
}

/// <summary>The splits' pairs whose audio could be read: a clip that failed is reported with the features and left
/// out of training and evaluation, not fatal.</summary>
internal sealed record UsablePairs(IReadOnlyList<TrainingPair> Train, IReadOnlyList<TrainingPair> Validation,
                                   List<PairScore> Test, List<EvaluatedPair> TestPairs,
                                   List<(string WavName, string Text)> TestInputs)
{
    public static UsablePairs Of(ExperimentData data, RunFeatures features)
    {
        var test = data.Splits.Test.Where(p => features.Has(p.WavName)).ToList();
        return new UsablePairs(
            Train: ExperimentData.ToTrainingPairs(data.Splits.Train.Where(p => features.Has(p.WavName))),
            Validation: ExperimentData.ToTrainingPairs(data.Splits.Validation.Where(p => features.Has(p.WavName))),
            Test: test,
            TestPairs: test.Select(p => new EvaluatedPair(p.System, p.Mean01, 0)).ToList(),
            TestInputs: test.Select(p => (p.WavName, p.Text)).ToList());
    }
}
