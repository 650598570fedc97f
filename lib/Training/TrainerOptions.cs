using HumanClap.Losses;

namespace HumanClap.Training;

public sealed record TrainerOptions
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
