namespace HumanClap.Audio.Laion;

public enum ShortClipRule
{
    /// <summary>Repeated whole, then zeros, to 10 s (laion_clap's <c>repeatpad</c>).</summary>
    RepeatPad,
    /// <summary>Zeros to at least 1 s, otherwise as it is; HTSAT stretches the shorter spectrogram (audioldm_eval).
    /// </summary>
    ZeroPadToOneSecond,
}
