using System.Diagnostics;
using HumanClap.Losses;
using HumanClap.Synthetic;
using HumanClap.Training;

namespace HumanClap.Experiments;

/// <summary>Where a run's data comes from and how it gets its baseline: the one place a real-data run and a synthetic
/// one differ. Everything after reads RELATE-format ratings, their audio and a CLAP checkpoint the same way.</summary>
/// <param name="checkpoint">The CLAP checkpoint the run starts from; its tokenizer and feature extractor are the
/// run's.</param>
internal abstract class ExperimentSource(string checkpoint, string scoresCsv, string audioRoot)
{
    public string Checkpoint { get; } = checkpoint;
    public string ScoresCsv { get; } = scoresCsv;
    public string AudioRoot { get; } = audioRoot;

    /// <summary>Unrated clips with captions the baseline is pretrained on (none for real data).</summary>
    public virtual IReadOnlyList<(string WavName, string Caption)> PretrainCaptions => [];

    /// <summary>results.json's "data".</summary>
    public abstract string Description { get; }

    /// <summary>The model the loss variants are fine-tuned from and compared with.</summary>
    public abstract ModelUnderTest Baseline(RunFeatures features, ExperimentOptions o, StageClock stages);

    /// <summary>The source <paramref name="o"/> names; a synthetic world is generated (or reused) here.</summary>
    public static ExperimentSource Of(ExperimentOptions o, StageClock stages) =>
        o.World is { } scale ? SyntheticSource.Prepare(o, scale, stages) : new RealSource(o);
}

/// <summary>A downloaded checkpoint, RELATE ratings and their audio (--checkpoint, --ratings, --audio-root).</summary>
internal sealed class RealSource(ExperimentOptions o)
    : ExperimentSource(HuggingFaceFolder(o), o.Ratings!, o.AudioRoot!)
{
    /// <summary>Where a LAION <c>.pt</c> given as --checkpoint is written once as a Hugging Face folder.</summary>
    public const string ConvertedCheckpointFolder = "base-checkpoint";

    public override string Description => "real";

    /// <summary>The given checkpoint itself, as the paper fine-tunes LAION CLAP; named after its folder or file.
    /// </summary>
    public override ModelUnderTest Baseline(RunFeatures features, ExperimentOptions o, StageClock stages) =>
        new(Path.GetFileName(Path.GetFullPath(o.Checkpoint!).TrimEnd('/')), Checkpoint) { IsBaseline = true };

    /// <summary>The checkpoint as the training and evaluation read it: a Hugging Face folder as given, or a LAION
    /// <c>.pt</c> converted once into the run folder (the same conversion as `convert`; it needs --allow-pickle),
    /// so that everything after reads one format.</summary>
    private static string HuggingFaceFolder(ExperimentOptions o)
    {
        if (!Model.Laion.LaionCheckpoint.IsLaion(o.Checkpoint!)) return o.Checkpoint!;
        var folder = Path.Combine(o.OutDir, ConvertedCheckpointFolder);
        if (!File.Exists(Path.Combine(folder, "config.json")))
            Model.Laion.LaionCheckpoint.Convert(Model.Laion.LaionCheckpoint.FindCheckpoint(o.Checkpoint!)!, folder,
                o.AllowPickle, Model.Laion.LaionCheckpoint.TokenizerDir(o.Checkpoint!, null));
        return folder;
    }
}

/// <summary>The synthetic world in the run folder and an untrained clap-mini, which is pretrained here with SCE on
/// the world's noisy captions to become the conventional-CLAP baseline.</summary>
internal sealed class SyntheticSource : ExperimentSource
{
    public const string BaselineName = "conventional CLAP (SCE)";
    private readonly string _description;

    private SyntheticSource(ExperimentOptions o, WorldFolder world, IReadOnlyList<(string, string)> pretrain)
        : base(RunFolder.ClapMiniDir(o.OutDir), world.ScoresCsv, world.Dir)
    {
        PretrainCaptions = pretrain;
        _description = Describe(o.Scale!, o.Seed);
    }

    /// <summary>"synthetic (default, seed 0)" for one run, "synthetic (default)" for a study over seeds.</summary>
    public static string Describe(string scale, int? seed = null) =>
        seed is null ? $"synthetic ({scale})" : $"synthetic ({scale}, seed {seed})";

    public override IReadOnlyList<(string WavName, string Caption)> PretrainCaptions { get; }
    public override string Description => _description;

    /// <summary>Generates the world unless the run folder holds it already, and clap-mini unless it exists; its
    /// tokenizer is learned from the corpus the generation returns (or, for a reused world, reads back).</summary>
    public static SyntheticSource Prepare(ExperimentOptions o, WorldScale scale, StageClock stages)
    {
        var world = new WorldFolder(RunFolder.WorldDir(o.OutDir));
        var generated = SyntheticWorld.Ensure(scale, o.Seed, world.Dir, o.Log);
        var source = new SyntheticSource(o, world, world.ReadPretrainCaptions());
        if (!File.Exists(Path.Combine(source.Checkpoint, "model.safetensors")))
            ClapMini.Create(source.Checkpoint, o.Seed, generated?.Corpus ?? world.ReadCorpus());
        stages.Done("world");
        return source;
    }

    /// <summary>SCE pretraining on the readable pretraining clips; a tenth of them (at least two, one contrastive
    /// batch) is held out for choosing the best epoch.</summary>
    public override ModelUnderTest Baseline(RunFeatures features, ExperimentOptions o, StageClock stages)
    {
        var clock = Stopwatch.StartNew();
        var pairs = PretrainCaptions.Where(p => features.Has(p.WavName))
            .Select(p => new TrainingPair(p.WavName, p.Caption, 1.0)).ToList();
        int heldOut = Math.Max(2, pairs.Count / 10);
        var result = CheckpointTraining.Train(Checkpoint, features, pairs.Skip(heldOut).ToList(),
            pairs.Take(heldOut).ToList(), new TrainerOptions
            {
                OutputDir = RunFolder.BaselineDir(o.OutDir), Loss = HumanClapLoss.Sce,
                Epochs = o.Schedule().PretrainEpochs, LearningRate = o.PretrainLearningRate, BatchSize = o.BatchSize,
                Seed = o.Seed, Progress = o.Progress,
            }, o);
        var baseline = new ModelUnderTest(BaselineName, result.BestCheckpoint)
        {
            IsBaseline = true, History = result.History, BestEpoch = result.BestEpoch,
            TrainSeconds = clock.Elapsed.TotalSeconds,
        };
        stages.Done("baseline");
        return baseline;
    }
}
