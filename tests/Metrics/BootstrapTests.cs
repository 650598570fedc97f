using HumanClap.Metrics;

namespace HumanClap.Tests.Metrics;

public class BootstrapTests
{
    private static (double[] Subjective, double[] Good, double[] Noisy) Data()
    {
        var rng = new Random(1);
        var s = Enumerable.Range(0, 200).Select(_ => rng.NextDouble()).ToArray();
        var good = s.Select(v => v + 0.05 * rng.NextDouble()).ToArray();
        var noisy = s.Select(v => v + 2.0 * rng.NextDouble()).ToArray();
        return (s, good, noisy);
    }

    [Fact]
    public void Intervals_bracket_the_estimate_and_repeat_with_the_seed()
    {
        var (s, good, _) = Data();
        var a = Bootstrap.Intervals(good, s, 300, seed: 5);
        Assert.Equal(Correlations.Srcc(good, s), a.Srcc.Estimate, 12);
        Assert.InRange(a.Srcc.Estimate, a.Srcc.Lower, a.Srcc.Upper);
        Assert.InRange(a.Lcc.Estimate, a.Lcc.Lower, a.Lcc.Upper);
        Assert.InRange(a.Mse.Estimate, a.Mse.Lower, a.Mse.Upper);
        Assert.True(a.Srcc.Upper - a.Srcc.Lower < 0.05);
        Assert.Equal(a, Bootstrap.Intervals(good, s, 300, seed: 5));
        Assert.NotEqual(a.Srcc, Bootstrap.Intervals(good, s, 300, seed: 6).Srcc);
    }

    [Fact]
    public void Paired_comparison_finds_a_real_difference_and_none_between_identical_scorers()
    {
        var (s, good, noisy) = Data();
        var diff = Bootstrap.CompareSrcc(good, noisy, s, 500, seed: 2);
        Assert.Equal(Correlations.Srcc(good, s) - Correlations.Srcc(noisy, s), diff.Difference, 12);
        Assert.True(diff.Lower > 0);
        Assert.True(diff.PValue < 0.01);
        var same = Bootstrap.CompareSrcc(good, good, s, 200, seed: 2);
        Assert.Equal(0.0, same.Difference);
        Assert.Equal(1.0, same.PValue);
    }
}
