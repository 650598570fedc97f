using HumanClap.Model.Laion;

namespace HumanClap.Scoring.Families;

/// <summary>LAION's own <c>.pt</c> files (or a folder without config.json holding one), mapped onto the Hugging Face
/// model and prepared as laion_clap does unless <see cref="ScorerOptions.LaionPreprocessing"/> is false.</summary>
internal sealed class LaionClapFamily : ICheckpointFamily
{
    public bool Recognises(string checkpoint) => LaionCheckpoint.IsLaion(checkpoint);

    public IAudioTextEmbedder Load(string checkpoint, ScorerOptions options)
    {
        var tokenizer = LaionCheckpoint.Tokenizer(checkpoint, options.ProcessorDir);
        if (options.LaionPreprocessing == false)
        {
            var model = LaionCheckpoint.Load(checkpoint, options.CheckpointLoad);
            return Handover.To<IAudioTextEmbedder>(() => new HfClapEmbedder(model,
                LaionCheckpoint.Extractor(model, options.ProcessorDir), tokenizer, options), model);
        }
        var (laionModel, preprocessor) = LaionCheckpoint.LoadWithPreprocessor(checkpoint, options.CheckpointLoad);
        return Handover.To<IAudioTextEmbedder>(() =>
        {
            options.Protocol?.Prepare(laionModel, checkpoint, preprocessor);
            return new HfClapEmbedder(laionModel, LaionCheckpoint.Extractor(laionModel, options.ProcessorDir),
                tokenizer, options, preprocessor);
        }, laionModel, preprocessor);
    }
}
