using HumanClap.Losses;
using HumanClap.Model;
using HumanClap.Scoring;
using HumanClap.Synthetic;
using HumanClap.Training;
using static TorchSharp.torch;

namespace HumanClap.Experiments;

/// <summary>Settings of the paper's experiment. Two data sources share all the code: the synthetic world
/// (<see cref="Scale"/>; the baseline is clap-mini pretrained here with SCE on noisy captions) or real data
/// (<see cref="Checkpoint"/>, <see cref="Ratings"/>, <see cref="AudioRoot"/>; the baseline is the given checkpoint,
/// as the paper fine-tunes LAION CLAP).</summary>
public sealed record ExperimentOptions
{
    public required string OutDir { get; init; }
    public int Seed { get; init; }
    public string? Scale { get; init; } = "default";
    public string? Checkpoint { get; init; }
    public string? Ratings { get; init; }
    public string? AudioRoot { get; init; }
    public Device? Device { get; init; }
    /// <summary>Real data only: further CLAP checkpoints (Hugging Face folder or Microsoft CLAP) scored zero-shot on
    /// the test pairs beside the baseline, as the paper compares LAION CLAP with MS CLAP; never fine-tuned.</summary>
    public IReadOnlyList<string> Compare { get; init; } = [];
    /// <summary>Lets <see cref="Checkpoint"/> and <see cref="Compare"/> read pickled weights (pytorch_model.bin,
    /// CLAP_weights_*.pth; trusted files only).</summary>
    public bool AllowPickle { get; init; }

    /// <summary>How every checkpoint of the run is read and scored: on the run's <see cref="Device"/>, long clips
    /// cropped with the run's <see cref="Seed"/>.</summary>
    public ScorerOptions Scoring => new() { Device = Device, AllowPickle = AllowPickle, Seed = Seed };

    /// <summary>How the run reads the checkpoints it trains and evaluates itself: on its <see cref="Device"/>.
    /// </summary>
    internal CheckpointLoadOptions CheckpointLoad => new() { AllowPickle = AllowPickle, Device = Device };

    /// <summary>Fine-tuning schedule; the paper's is lr 1e-5, batch 8, 50 epochs (used for real data).</summary>
    public int? Epochs { get; init; }
    public double? LearningRate { get; init; }
    public int BatchSize { get; init; } = 8;
    /// <summary>Baseline contrastive pretraining of clap-mini (synthetic world only).</summary>
    public int? PretrainEpochs { get; init; }
    /// <remarks>3e-4: at 5e-4 and above the randomly initialised clap-mini collapsed to a constant embedding (SCE
    /// stuck at ln 8) in trial runs; at 1e-4 it learned too slowly for the epoch budget.</remarks>
    public double PretrainLearningRate { get; init; } = 3e-4;

    /// <summary>Table 1's five variants plus MSE+MAE (Tables 2-3 and Figure 3a).</summary>
    public IReadOnlyList<HumanClapLoss> Variants { get; init; } =
        [.. HumanClapLoss.PaperVariants, HumanClapLoss.MseMae];
    public int BootstrapResamples { get; init; } = 1000;
    /// <summary>Remove a previous run's files from <see cref="OutDir"/> first (--force); without it a folder holding
    /// a run with other options is refused (<see cref="RunFolder"/>).</summary>
    public bool StartAfresh { get; init; }
    public TextWriter Log { get; init; } = TextWriter.Null;
    public IProgress<TrainingProgress>? Progress { get; init; }

    /// <summary>The run the notebooks and file-based apps read: HUMANCLAP_RUN if set, else runs/reproduce-SCALE of the
    /// repository, the folder `./humanclap reproduce --scale SCALE` writes. SCALE is HUMANCLAP_SCALE, else tiny (fast
    /// on CI; set HUMANCLAP_SCALE=default to read the main job's run).</summary>
    public static ExperimentOptions Walkthrough()
    {
        // HUMANCLAP_RUN: any finished run folder, e.g. a real-data run with --compare checkpoints, read as it is.
        if (Environment.GetEnvironmentVariable("HUMANCLAP_RUN") is { Length: > 0 } run)
            return new ExperimentOptions { Scale = null, OutDir = Path.GetFullPath(run) };
        var scale = Environment.GetEnvironmentVariable("HUMANCLAP_SCALE") ?? "tiny";
        return new ExperimentOptions
        {
            Scale = scale, Seed = 0, OutDir = Common.Workspace.RunPath($"reproduce-{scale}"),
        };
    }

    public bool IsRealData => Checkpoint is not null || Ratings is not null || AudioRoot is not null;

    /// <summary>The synthetic world's size (<see cref="Scale"/>); null for real data.</summary>
    public WorldScale? World => IsRealData || Scale is null ? null : WorldScale.FromName(Scale);

    public void Validate()
    {
        if (IsRealData && (Checkpoint is null || Ratings is null || AudioRoot is null))
            throw new Common.UserInputException(
                "real data needs all three of --checkpoint, --ratings and --audio-root");
        if (!IsRealData && Compare.Count > 0)
            throw new Common.UserInputException("--compare needs real data (--checkpoint, --ratings and --audio-root)");
        if (Compare.Select(Path.GetFullPath).Distinct().Count() < Compare.Count)
            throw new Common.UserInputException("--compare lists the same checkpoint twice");
        if (!IsRealData && Scale is null) throw new Common.UserInputException("give a synthetic --scale or real data");
        _ = World; // an unknown scale name is a UserInputException naming it
        if (BatchSize < 2)
            throw new Common.UserInputException("batch size must be at least 2 (the contrastive terms need negatives)");
    }

    /// <summary>The schedule actually used. Real data: the paper's. Synthetic: fewer epochs so the whole job fits a
    /// laptop CPU, and a larger learning rate because clap-mini is small and sees few steps (both reported).</summary>
    public (int Epochs, double LearningRate, int PretrainEpochs) Schedule() => World is { } world
        ? (Epochs ?? world.DefaultEpochs, LearningRate ?? 1e-4, PretrainEpochs ?? world.DefaultPretrainEpochs)
        : (Epochs ?? 50, LearningRate ?? 1e-5, 0);
}
