using HumanClap.Common;

namespace HumanClap.Synthetic;

/// <summary>Per-item random streams: each item's generator depends only on (world seed, stream, index), so items can
/// be generated in any order, on any number of threads, with identical results.</summary>
internal static class Seeds
{
    public static Random For(int seed, string stream, int index) => new(Mix(seed, stream, index));

    /// <summary>The stream name's characters, then the index, each folded in with one SplitMix64 step.</summary>
    public static int Mix(int seed, string stream, int index)
    {
        ulong h = SeedMixer.GoldenGamma ^ (ulong)(uint)seed;
        foreach (char c in stream) h = SeedMixer.SplitMix64(h ^ c);
        h = SeedMixer.SplitMix64(h ^ (ulong)(uint)index);
        return SeedMixer.ToSeed(h);
    }

    public static double Uniform(this Random rng, double lo, double hi) => lo + (hi - lo) * rng.NextDouble();

    public static double Gaussian(this Random rng, double mean = 0, double sd = 1) =>
        MathNet.Numerics.Distributions.Normal.Sample(rng, mean, sd);

    public static T Pick<T>(this Random rng, IReadOnlyList<T> items) => items[rng.Next(items.Count)];
}
