using HumanClap.Model;
using HumanClap.Training;

namespace HumanClap.Experiments;

/// <summary>Trains from a checkpoint folder as every stage of the experiment does (the synthetic baseline's
/// pretraining, each loss variant's fine-tuning): on the run's device, logged, with the run's features.</summary>
internal static class CheckpointTraining
{
    public static TrainingResult Train(string checkpoint, RunFeatures features, IReadOnlyList<TrainingPair> train,
        IReadOnlyList<TrainingPair> validation, TrainerOptions options, ExperimentOptions o)
    {
        using var model = ClapModel.FromPretrained(checkpoint, o.CheckpointLoad);
        o.Log.WriteLine($"training {options.Loss.Name}: {train.Count} pairs, {options.Epochs} epochs, " +
                        $"lr {options.LearningRate:G3} -> {options.OutputDir}");
        return new Trainer(model, features.Tokenizer, features.Cache).Train(train, validation, options);
    }
}
