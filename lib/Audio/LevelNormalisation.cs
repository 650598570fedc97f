namespace HumanClap.Audio;

/// <summary>Level steps evaluation toolkits apply to a clip before CLAP.</summary>
public enum LevelNormalisation
{
    None,
    /// <summary>pyloudnorm's <c>normalize.peak(x, -1.0)</c>: the clip scaled so its largest magnitude is −1 dBFS
    /// (stable-audio-metrics). A silent clip has no peak to scale and fails its row.</summary>
    PeakMinus1Db,
    /// <summary>The clip's mean subtracted (audioldm_eval's reader).</summary>
    RemoveDc,
}
