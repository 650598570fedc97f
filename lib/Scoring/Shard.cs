using System.Globalization;
using HumanClap.Common;

namespace HumanClap.Scoring;

/// <summary>Shard <see cref="Index"/> (1-based) of <see cref="Count"/> of a scoring job: the unique clips are cut into
/// encoder batches exactly as one process cuts them, and a shard takes every <see cref="Count"/>-th batch. Shards
/// therefore share no clip, and each clip is encoded beside the same clips as in a single run, so its embedding is
/// the single run's bit for bit.</summary>
public sealed record Shard(int Index, int Count)
{
    public static readonly Shard Whole = new(1, 1);

    public bool IsWhole => Count == 1;

    public bool TakesBatch(int batch) => batch % Count == Index - 1;

    /// <summary><c>K/N</c> with 1 ≤ K ≤ N.</summary>
    public static Shard Parse(string spec)
    {
        var parts = spec.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int k)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= 1
            && k >= 1 && k <= n)
            return new Shard(k, n);
        throw new UserInputException($"--shard expects K/N with 1 <= K <= N (e.g. 2/3), got '{spec}'");
    }

    public override string ToString() => $"{Index}/{Count}";
}
