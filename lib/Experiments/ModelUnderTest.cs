using HumanClap.Training;

namespace HumanClap.Experiments;

/// <summary>A model to evaluate: its name and checkpoint and, when it was trained here, how the training went.
/// </summary>
public sealed record ModelUnderTest(string Name, string Checkpoint)
{
    public bool IsBaseline { get; init; }
    public IReadOnlyList<EpochRecord> History { get; init; } = [];
    public int BestEpoch { get; init; }
    public double TrainSeconds { get; init; }
}
