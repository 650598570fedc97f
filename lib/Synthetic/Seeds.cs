namespace HumanClap.Synthetic;

/// <summary>Per-item random streams: each item's generator depends only on (world seed, stream, index), so items can be
/// generated in any order, on any number of threads, with identical results.</summary>
public static class Seeds
{
    public static Random For(int seed, string stream, int index) => new(Mix(seed, stream, index));

    public static int Mix(int seed, string stream, int index)
    {
        ulong h = 0x9E3779B97F4A7C15UL ^ (ulong)(uint)seed;
        foreach (char c in stream) h = SplitMix(h ^ c);
        h = SplitMix(h ^ (ulong)(uint)index);
        return (int)(h & 0x7FFFFFFF);
    }

    private static ulong SplitMix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    public static double Uniform(this Random rng, double lo, double hi) => lo + (hi - lo) * rng.NextDouble();

    public static double Gaussian(this Random rng, double mean = 0, double sd = 1) =>
        MathNet.Numerics.Distributions.Normal.Sample(rng, mean, sd);

    public static T Pick<T>(this Random rng, IReadOnlyList<T> items) => items[rng.Next(items.Count)];
}
