using HumanClap.Audio;

namespace HumanClap.Tests.Audio;

public class MelFilterBankTests
{
    private const int Bins = 513, Mels = 64, Rate = 48_000;
    private const double BinHz = 24_000.0 / 512;

    private static double[] Filter(double[,] bank, int m) =>
        Enumerable.Range(0, Bins).Select(k => bank[k, m]).ToArray();

    [Theory]
    // Slaney: 3 mel per 200 Hz below 1 kHz; above, 27 mel per factor 6.4. HTK: 2595 log10(1 + f/700).
    [InlineData(MelScale.Slaney, 200.0, 3.0)]
    [InlineData(MelScale.Slaney, 1000.0, 15.0)]
    [InlineData(MelScale.Slaney, 6400.0, 42.0)]
    [InlineData(MelScale.Htk, 0.0, 0.0)]
    [InlineData(MelScale.Htk, 700.0, 781.1728387480312)] // 2595 * log10(2)
    [InlineData(MelScale.Htk, 6300.0, 2595.0)]        // 1 + 6300/700 = 10
    public void ScaleAnchorsAndRoundTrip(MelScale scale, double hertz, double mel)
    {
        Assert.Equal(mel, MelFilterBank.HertzToMel(hertz, scale), 9);
        Assert.Equal(hertz, MelFilterBank.MelToHertz(mel, scale), 6);
    }

    [Fact]
    public void SlaneyNormalisedFiltersHaveUnitAreaInHertz()
    {
        var bank = MelFilterBank.Create(Bins, Mels, 0, 14_000, Rate, MelScale.Slaney, slaneyNorm: true);
        int checkedFilters = 0;
        for (int m = 0; m < Mels; m++)
        {
            var f = Filter(bank, m);
            int support = f.Count(v => v > 0);
            if (support < 10) continue; // too few bins for a Riemann sum to approximate the triangle's area
            Assert.Equal(1.0, f.Sum() * BinHz, 1); // 2/(upper-lower) x triangle area (upper-lower)/2 = 1
            checkedFilters++;
        }
        Assert.True(checkedFilters >= 20, $"only {checkedFilters} wide filters");
    }

    [Fact]
    public void HtkFiltersAreUnitPeakTrianglesAtIncreasingCentres()
    {
        var bank = MelFilterBank.Create(Bins, Mels, 50, 14_000, Rate, MelScale.Htk, slaneyNorm: false);
        double melMin = MelFilterBank.HertzToMel(50, MelScale.Htk);
        double melMax = MelFilterBank.HertzToMel(14_000, MelScale.Htk);
        int previousPeak = -1;
        for (int m = 0; m < Mels; m++)
        {
            var f = Filter(bank, m);
            double centre = MelFilterBank.MelToHertz(melMin + (m + 1) * (melMax - melMin) / (Mels + 1), MelScale.Htk);
            int peak = Array.IndexOf(f, f.Max());
            Assert.True(f.Max() <= 1.0 + 1e-12);
            Assert.True(Math.Abs(peak * BinHz - centre) <= BinHz, $"filter {m}: peak bin {peak} vs centre {centre} Hz");
            Assert.True(peak >= previousPeak);
            previousPeak = peak;
            if (f.Count(v => v > 0) >= 10) Assert.True(f.Max() > 0.9, $"filter {m} peak {f.Max()}");
        }
    }

    [Fact]
    public void BankIsZeroOutsideFrequencyRangeAndNonNegative()
    {
        var bank = MelFilterBank.Create(Bins, Mels, 50, 14_000, Rate, MelScale.Htk, slaneyNorm: false);
        for (int k = 0; k < Bins; k++)
            for (int m = 0; m < Mels; m++)
            {
                Assert.True(bank[k, m] >= 0);
                if (k * BinHz <= 50 || k * BinHz >= 14_000) Assert.Equal(0.0, bank[k, m]);
            }
    }

    [Fact]
    public void HtkAndSlaneyBanksDiffer()
    {
        var htk = MelFilterBank.Create(Bins, Mels, 0, 14_000, Rate, MelScale.Htk, slaneyNorm: false);
        var slaney = MelFilterBank.Create(Bins, Mels, 0, 14_000, Rate, MelScale.Slaney, slaneyNorm: false);
        // Same triangle construction, different edge spacing: peaks land on different bins for most filters.
        int differentPeaks = Enumerable.Range(0, Mels).Count(m =>
            Array.IndexOf(Filter(htk, m), Filter(htk, m).Max())
            != Array.IndexOf(Filter(slaney, m), Filter(slaney, m).Max()));
        Assert.True(differentPeaks > Mels / 2, $"{differentPeaks} filters peak differently");
    }

    [Fact]
    public void RejectsImpossibleFrequencyRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            MelFilterBank.Create(Bins, Mels, 0, 30_000, Rate, MelScale.Htk, slaneyNorm: false));
    }
}
