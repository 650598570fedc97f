namespace HumanClap.Audio.Laion;

public enum LongClipRule
{
    /// <summary>A 10 s window at a seeded random offset (laion_clap's <c>rand_trunc</c>).</summary>
    RandomCrop,
    /// <summary>The first 10 s (audioldm_eval).</summary>
    HeadCrop,
}
