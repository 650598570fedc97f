namespace HumanClap.Audio;

/// <summary>Options for <see cref="AudioLoader.Load"/>.</summary>
public sealed record AudioLoadOptions
{
    /// <summary>Output sample rate in Hz (CLAP models expect 48 000). Other rates are resampled
    /// (see <see cref="Resampler"/>).</summary>
    public int TargetSampleRate { get; init; } = 48_000;

    /// <summary>
    /// Round-trips the waveform through int16 (clip to [-1, 1], x 32767, truncate toward zero, / 32767),
    /// as LAION's CLAP inference helper does before the model. Hugging Face's pipeline does not. Off by default.
    /// </summary>
    public bool QuantizeToInt16 { get; init; }

    /// <summary>
    /// Reads at most this many seconds from the start of the file; the rest is never decoded, so memory and
    /// time stay bounded for very long recordings. Null (default) reads the whole file. Callers scoring with
    /// CLAP should pass a limit (e.g. 60 s): the unfused model only sees 10 s anyway and the fused model's
    /// global channel squeezes the whole clip into 10 s of frames.
    /// </summary>
    public double? MaxSeconds { get; init; }

    /// <summary>How other rates reach <see cref="TargetSampleRate"/>. <see cref="ResamplerKind.WdlSinc"/> (default)
    /// keeps every published number; <see cref="ResamplerKind.Polyphase"/> is the same filter, much faster.</summary>
    public ResamplerKind Resampler { get; init; } = ResamplerKind.WdlSinc;

    /// <summary>With <see cref="ResamplerKind.Torchaudio"/>: a rate reached first, then the target (audioldm_eval
    /// reads at 32 kHz and its CLAP wrapper resamples to 48 kHz). Null: straight to the target.</summary>
    public int? IntermediateRate { get; init; }

    /// <summary>How several channels become one (default: their mean, as librosa and Hugging Face do).</summary>
    public ChannelDownmix Downmix { get; init; } = ChannelDownmix.Mean;

    /// <summary>A level step after resampling and before the int16 round trip, as some evaluation toolkits apply
    /// (default: none).</summary>
    public LevelNormalisation Level { get; init; } = LevelNormalisation.None;
}
