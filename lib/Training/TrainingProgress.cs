namespace HumanClap.Training;

/// <summary>Progress of the current epoch, reported after every step.</summary>
public sealed record TrainingProgress(int Epoch, int Epochs, int Step, int Steps, double RunningLoss);
