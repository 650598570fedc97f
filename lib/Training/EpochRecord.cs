namespace HumanClap.Training;

/// <summary>What one epoch produced.</summary>
public sealed record EpochRecord(int Epoch, double TrainLoss, double ValidationLoss, double ValidationMse, bool IsBest,
    double Seconds, long WorkingSetBytes);
