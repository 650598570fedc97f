using HumanClap.Audio;

namespace HumanClap.Tests.Audio;

/// <summary>The polyphase filter against the formula it computes, term by term in double, on both code
/// paths.</summary>
public sealed class PolyphaseFilterBankTests
{
    /// <summary>output[q·new + j] = Σᵢ x[q·orig + i − width] · h(j·orig/new + width − i), x zero outside the clip.
    /// </summary>
    private static double[] Reference(float[] x, int orig, int @new, int width, PolyphaseResampler.FilterShape h)
    {
        long target = ((long)@new * x.Length + orig - 1) / orig;
        var y = new double[target];
        for (long m = 0; m < target; m++)
        {
            long q = m / @new, j = m % @new;
            for (long i = 0; i < 2 * width + orig; i++)
            {
                long at = q * orig + i - width;
                if (at >= 0 && at < x.Length) y[m] += x[at] * (double)(float)h((double)j * orig / @new + width - i);
            }
        }
        return y;
    }

    [Theory]
    [InlineData(16_000, 48_000, 1000)]
    [InlineData(44_100, 48_000, 3000)]
    [InlineData(22_050, 48_000, 777)]
    [InlineData(96_000, 48_000, 2001)]
    [InlineData(8_000, 48_000, 1)]
    [InlineData(16_000, 48_000, 2)]
    [InlineData(44_100, 48_000, 9)]
    [InlineData(44_101, 48_000, 500)]
    public void BothPathsComputeTheFormula(int origRate, int newRate, int length)
    {
        var rng = new Random(length);
        var x = Enumerable.Range(0, length).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        int gcd = (int)System.Numerics.BigInteger.GreatestCommonDivisor(origRate, newRate);
        var h = PolyphaseResampler.WdlSinc(origRate, newRate);
        var expected = Reference(x, origRate / gcd, newRate / gcd, PolyphaseResampler.WdlSincHalfWidth, h);
        var bank = PolyphaseFilterBank.Build(origRate / gcd, newRate / gcd, PolyphaseResampler.WdlSincHalfWidth, h);
        foreach (bool vectorized in new[] { true, false })
        {
            var y = PolyphaseResampler.Apply(x, bank, PolyphaseResampler.WdlSincHalfWidth, vectorized);
            Assert.Equal(expected.Length, y.Length);
            // 64 float products summed in float: a few ulps of the largest partial sums (|x| ≤ 1, gain ~1).
            for (int m = 0; m < y.Length; m++)
                Assert.True(Math.Abs(y[m] - expected[m]) < 2e-6, $"output {m} ({vectorized}): {y[m]} vs {expected[m]}");
        }
    }

    [Fact]
    public void TheDefaultEntryPointGivesTheSameSamplesAsTheBank()
    {
        var x = Enumerable.Range(0, 50_000).Select(i => (float)Math.Sin(i * 0.01)).ToArray();
        var bank = PolyphaseFilterBank.Build(147, 160, PolyphaseResampler.WdlSincHalfWidth,
            PolyphaseResampler.WdlSinc(44_100, 48_000));
        // Twice: the second call takes the cached bank.
        for (int call = 0; call < 2; call++)
            Assert.Equal(PolyphaseResampler.Apply(x, bank, PolyphaseResampler.WdlSincHalfWidth),
                PolyphaseResampler.ResampleWdlSinc(x, 44_100, 48_000));
    }

    [Fact]
    public void RowsKeepOnlyTheFilterSupport()
    {
        // A co-prime rate pair: 48 000 phases of 64 taps (12 MB), not the 48 000 x 44 165 matrix of conv1d (8.5 GB).
        var bank = PolyphaseFilterBank.Build(44_101, 48_000, PolyphaseResampler.WdlSincHalfWidth,
            PolyphaseResampler.WdlSinc(44_101, 48_000));
        Assert.Equal(64, bank.Length);
        Assert.Equal(48_000, bank.First.Length);
    }
}
