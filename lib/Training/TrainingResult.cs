namespace HumanClap.Training;

public sealed record TrainingResult(string BestCheckpoint, string LastCheckpoint, int BestEpoch,
    double BestValidationLoss, IReadOnlyList<EpochRecord> History, bool Completed);
