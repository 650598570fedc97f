using HumanClap.Audio;
using HumanClap.Common;
using HumanClap.Model;
using HumanClap.Model.Laion;
using HumanClap.Text;

namespace HumanClap.Scoring.Families;

/// <summary>A Hugging Face CLAP folder (config.json and model.safetensors, or pytorch_model.bin with the opt-in), its
/// processor files from the folder or <see cref="ScorerOptions.ProcessorDir"/>.</summary>
internal sealed class HfClapFamily : ICheckpointFamily
{
    public bool Recognises(string checkpoint) => true;

    public IAudioTextEmbedder Load(string checkpoint, ScorerOptions options)
    {
        if (options.ProcessorDir is not null && !Directory.Exists(checkpoint))
            throw new UserInputException($"checkpoint folder not found: {checkpoint}");
        var processor = Directory.Exists(checkpoint) ? HfProcessorFiles.Folder(checkpoint, options.ProcessorDir)
            : checkpoint;
        var model = ClapModel.FromPretrained(checkpoint, options.CheckpointLoad);
        var laion = options.LaionPreprocessing == true
            ? model.Config.Audio.EnableFusion ? LaionPreprocessor.Fused()
                : LaionPreprocessor.Unfused(LaionFrontEnd.Synthesized())
            : null;
        return Handover.To<IAudioTextEmbedder>(() =>
        {
            options.Protocol?.Prepare(model, checkpoint, laion);
            return new HfClapEmbedder(model, ClapFeatureExtractor.FromPretrained(processor),
                ClapTokenizer.FromPretrained(processor), options, laion);
        }, model, laion);
    }
}
