namespace HumanClap.Audio;

/// <summary>How a multi-channel file becomes mono.</summary>
public enum ChannelDownmix
{
    /// <summary>The mean of the channels (librosa's <c>mono=True</c>, Hugging Face).</summary>
    Mean,
    /// <summary>The first channel only (audioldm_eval's reader).</summary>
    FirstChannel,
}
