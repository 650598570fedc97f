namespace HumanClap.Training;

/// <summary>A non-finite loss stopped training; the last good checkpoint is left untouched.</summary>
internal sealed class TrainingDivergedException(string message) : HumanClap.Common.UserInputException(message);
