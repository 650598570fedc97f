namespace HumanClap.Audio.Laion;

/// <summary>The random choices laion_clap's preprocessing made for one clip, so a published run can be replayed:
/// the waveform crop of an unfused model (<see cref="CropOffset"/>, first sample of the 10 s window) or the three
/// fusion chunks of a fused one (<see cref="ChunkStarts"/>, first mel frame of the front, middle and back chunk).
/// Both are null when the clip needed no choice (at most 10 s, or longer by less than one hop with fusion).</summary>
public sealed record LaionClipDraws(int? CropOffset, IReadOnlyList<int>? ChunkStarts)
{
    public static readonly LaionClipDraws None = new(null, null);

    /// <summary>Equal draws, the chunk starts compared element by element (a record compares the list by reference).
    /// </summary>
    public bool Equals(LaionClipDraws? other) =>
        other is not null && CropOffset == other.CropOffset
        && (ChunkStarts ?? []).SequenceEqual(other.ChunkStarts ?? [])
        && (ChunkStarts is null) == (other.ChunkStarts is null);

    public override int GetHashCode() =>
        HashCode.Combine(CropOffset, ChunkStarts?.Aggregate(17, (h, s) => h * 31 + s));

    /// <summary>"27439" or "19;79;93" or "" (the CSV column's form).</summary>
    public override string ToString() =>
        CropOffset is { } o ? o.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : ChunkStarts is { } s ? string.Join(';', s)
        : "";
}
