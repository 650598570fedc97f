namespace HumanClap.Common;

/// <summary>Derives independent seeds from related ones with SplitMix64 (Steele, Lea and Flood 2014), so nearby
/// inputs (seed 1 and 2, epoch 3 and 4) give unrelated generators. Stable across processes and machines, which
/// <see cref="HashCode.Combine{T1, T2}"/> is not (it is randomised per process): resumed runs and cached features
/// depend on it.</summary>
internal static class SeedMixer
{
    /// <summary>SplitMix64's increment: 2^64 divided by the golden ratio, odd.</summary>
    public const ulong GoldenGamma = 0x9E3779B97F4A7C15UL;

    /// <summary>One SplitMix64 step: add the increment, then the finaliser's three xor-shift-multiply rounds.</summary>
    public static ulong SplitMix64(ulong state)
    {
        ulong z = state + GoldenGamma;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A non-negative seed from two integers (e.g. run seed and epoch): both packed into 64 bits,
    /// mixed.</summary>
    public static int Mix(int first, int second) => ToSeed(SplitMix64((ulong)(uint)first << 32 | (uint)second));

    /// <summary>The low 31 bits of a mixed state: a seed <see cref="Random"/> and libtorch both accept.</summary>
    public static int ToSeed(ulong state) => (int)(state & 0x7FFFFFFF);
}
