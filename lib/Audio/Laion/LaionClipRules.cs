namespace HumanClap.Audio.Laion;

/// <summary>How a clip reaches the unfused model's 10 s window when an evaluation toolkit departs from laion_clap's
/// own helper (<see cref="Laion"/>): whether the int16 round trip happens, how a longer clip is cut and how a shorter
/// one is filled. A fused model takes laion_clap's rules only (its chunks are drawn; its short clips repeat).</summary>
public sealed record LaionClipRules
{
    /// <summary>laion_clap's helper: int16 round trip, seeded random 10 s crop, repeat-padding.</summary>
    public static readonly LaionClipRules Laion = new();

    public bool Quantize { get; init; } = true;
    public LongClipRule LongClips { get; init; } = LongClipRule.RandomCrop;
    public ShortClipRule ShortClips { get; init; } = ShortClipRule.RepeatPad;

    /// <summary>Short clips keep their own length, so clips of one batch differ in frames.</summary>
    public bool VariableLength => ShortClips == ShortClipRule.ZeroPadToOneSecond;

    public override string ToString() =>
        $"{(Quantize ? "int16 truncation" : "no int16 round trip")}; long clips: {LongClips}; " +
        $"short clips: {ShortClips}";
}
