using HumanClap.Common;

namespace HumanClap.Tests.Common;

public sealed class SeedMixerTests
{
    /// <summary>The first two outputs of the reference splitmix64.c (Vigna) started from state 0.</summary>
    [Fact]
    public void SplitMix64MatchesTheReferenceSequence()
    {
        Assert.Equal(0xE220A8397B1DCDAFUL, SeedMixer.SplitMix64(0));
        Assert.Equal(0x6E789E6AA1B965F4UL, SeedMixer.SplitMix64(SeedMixer.GoldenGamma));
    }

    [Fact]
    public void MixPacksBothIntegersIntoOneState()
    {
        Assert.Equal(SeedMixer.ToSeed(SeedMixer.SplitMix64(0x0000000500000007UL)), SeedMixer.Mix(5, 7));
        Assert.Equal(SeedMixer.ToSeed(SeedMixer.SplitMix64(0xFFFFFFFFFFFFFFFFUL)), SeedMixer.Mix(-1, -1));
        Assert.NotEqual(SeedMixer.Mix(5, 7), SeedMixer.Mix(7, 5));
    }

    [Fact]
    public void SeedsAreNonNegativeAndNearbyInputsDecorrelate()
    {
        var seeds = Enumerable.Range(0, 1000).Select(epoch => SeedMixer.Mix(1, epoch)).ToList();
        Assert.All(seeds, s => Assert.InRange(s, 0, int.MaxValue));
        Assert.Equal(seeds.Count, seeds.Distinct().Count());
        // Consecutive inputs differ in about half of the 31 bits, not in the low bits only.
        double meanFlips = seeds.Zip(seeds.Skip(1), (a, b) => System.Numerics.BitOperations.PopCount((uint)(a ^ b)))
            .Average();
        Assert.InRange(meanFlips, 13.5, 17.5);
    }
}
