namespace HumanClap.Audio;

/// <summary>Decoded samples at the file's own rate, one array per channel (all the same length).</summary>
public sealed record DecodedAudio(float[][] Channels, int SampleRate)
{
    public int Frames => Channels[0].Length;
}
