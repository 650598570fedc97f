using HumanClap.Audio;
using HumanClap.Common;
using HumanClap.Model.MsClap;

namespace HumanClap.Scoring.Families;

/// <summary>Microsoft CLAP 2022 / 2023: <c>msclap_config.json</c> or <c>CLAP_weights_*.pth</c>.</summary>
internal sealed class MsClapFamily : ICheckpointFamily
{
    public bool Recognises(string checkpoint) => MsClapCheckpoint.IsMsClap(checkpoint);

    public IAudioTextEmbedder Load(string checkpoint, ScorerOptions options)
    {
        if (options.Protocol is { } p)
            throw new UserInputException($"{checkpoint} is an MS CLAP checkpoint; the {p.Name} protocol scores " +
                                         $"with LAION's {p.Checkpoint}");
        if (options.Resampler != ResamplerKind.WdlSinc)
            throw new UserInputException($"{checkpoint} is an MS CLAP checkpoint, which resamples as msclap does " +
                                         $"(torchaudio's sinc); the {options.Resampler} resampler is for HF CLAP");
        return MsClapEmbedder.FromPretrained(checkpoint, options);
    }
}
