using HumanClap.Losses;

namespace HumanClap.Training;

/// <summary>One audio-text pair to learn from: the clip's id in the <see cref="FeatureCache"/>, the text, and the
/// target a_i in [0, 1] (the rescaled mean rating; 1 for conventional contrastive pretraining).</summary>
internal sealed record TrainingPair(string AudioId, string Text, double Target);

internal sealed record TrainerOptions
{
    public double LearningRate { get; init; } = 1e-5;
    public int BatchSize { get; init; } = 8;
    public int Epochs { get; init; } = 50;
    /// <summary>torch's AdamW default.</summary>
    public double WeightDecay { get; init; } = 0.01;
    public int Seed { get; init; }
    public HumanClapLoss Loss { get; init; } = HumanClapLoss.PaperDefault;
    /// <summary>Folder for <c>last/</c> (resumable) and <c>best/</c> (lowest validation loss) checkpoints.</summary>
    public required string OutputDir { get; init; }
    /// <summary>
    /// Continue from <c>last/</c> when it exists (after a kill, ends exactly where an unbroken run ends).
    /// </summary>
    public bool Resume { get; init; } = true;
    /// <summary>
    /// Stop after this many epochs in this call (for tests of resuming); null = run to <see cref="Epochs"/>.
    /// </summary>
    public int? StopAfterEpochs { get; init; }
    public IProgress<TrainingProgress>? Progress { get; init; }
}

/// <summary>Progress of the current epoch, reported after every step.</summary>
public sealed record TrainingProgress(int Epoch, int Epochs, int Step, int Steps, double RunningLoss);

/// <summary>What one epoch produced.</summary>
public sealed record EpochRecord(int Epoch, double TrainLoss, double ValidationLoss, double ValidationMse, bool IsBest,
    double Seconds, long WorkingSetBytes);

internal sealed record TrainingResult(string BestCheckpoint, string LastCheckpoint, int BestEpoch,
    double BestValidationLoss, IReadOnlyList<EpochRecord> History, bool Completed);

/// <summary>A non-finite loss stopped training; the last good checkpoint is left untouched.</summary>
internal sealed class TrainingDivergedException(string message) : HumanClap.Common.UserInputException(message);
