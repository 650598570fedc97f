namespace HumanClap.Training;

/// <summary>One audio-text pair to learn from: the clip's id in the <see cref="FeatureCache"/>, the text, and the
/// target a_i in [0, 1] (the rescaled mean rating; 1 for conventional contrastive pretraining).</summary>
public sealed record TrainingPair(string AudioId, string Text, double Target);
