namespace HumanClap.Scoring.Families;

/// <summary>One family of CLAP checkpoints: how its files are recognised and how they become an
/// <see cref="IAudioTextEmbedder"/>. Every family loads from the same <see cref="ScorerOptions"/> (device, seed,
/// pickle opt-in, processor files), so `score`, `reproduce --compare`, `evaluate` and the notebooks load a checkpoint
/// the same way whatever its family.</summary>
internal interface ICheckpointFamily
{
    /// <summary>Whether <paramref name="checkpoint"/> (a file or a folder) holds a checkpoint of this family.</summary>
    bool Recognises(string checkpoint);

    /// <summary>The checkpoint's model on <see cref="ScorerOptions.Device"/>, in evaluation mode, with the audio and
    /// text preparation of its family; a <see cref="Common.UserInputException"/> naming the file when it cannot
    /// be.</summary>
    IAudioTextEmbedder Load(string checkpoint, ScorerOptions options);
}
