using HumanClap.Metrics;

namespace HumanClap.Tests.Metrics;

/// <summary>Expected values are worked by hand (shown in comments), not taken from the implementation.</summary>
public class CorrelationsTests
{
    [Fact]
    public void Spearman_with_ties_uses_average_ranks()
    {
        // a = [1,2,2,3] → ranks [1,2.5,2.5,4]; b = [1,3,2,4] → ranks [1,3,2,4].
        // Centered: [-1.5,0,0,1.5] and [-1.5,.5,-.5,1.5]; cov 4.5, var 4.5 and 5 → 4.5/sqrt(22.5).
        Assert.Equal(4.5 / Math.Sqrt(22.5), Correlations.Srcc([1, 2, 2, 3], [1, 3, 2, 4]), 12);
    }

    [Fact]
    public void Pearson_matches_the_hand_computed_value()
    {
        // Centered [-1.5,-.5,.5,1.5] and [-3,-1,0,4]: cov 11, sums of squares 5 and 26.
        Assert.Equal(11 / Math.Sqrt(130), Correlations.Lcc([1, 2, 3, 4], [2, 4, 5, 9]), 12);
    }

    [Fact]
    public void Mse_is_the_mean_squared_difference() =>
        Assert.Equal(0.02, Correlations.Mse([0.1, 0.5], [0.3, 0.5]), 12);

    [Fact]
    public void Kendall_tau_b_with_ties_in_one_variable()
    {
        // Pairs of [1,2,2,3] vs [1,3,2,4]: 5 concordant, 0 discordant, 1 tied in a only; n0 = 6 → 5/sqrt(5·6).
        Assert.Equal(5 / Math.Sqrt(30), Correlations.KendallTau([1, 2, 2, 3], [1, 3, 2, 4]), 12);
    }

    [Fact]
    public void Kendall_tau_b_with_ties_in_both_and_a_discordant_pair()
    {
        // a = [1,1,2,3,4], b = [2,1,1,3,3], items 1..5: concordant (1,4),(1,5),(2,4),(2,5),(3,4),(3,5) = 6,
        // discordant (1,3) = 1, tied in a (1,2), tied in b (2,3),(4,5); 6+1+1+2 = n0 = 10
        // → (6−1)/sqrt((10−1)(10−2)).
        Assert.Equal(5 / Math.Sqrt(72), Correlations.KendallTau([1, 1, 2, 3, 4], [2, 1, 1, 3, 3]), 12);
    }

    [Fact]
    public void Perfect_and_reversed_order()
    {
        double[] x = [0.1, 0.4, 0.2, 0.9];
        Assert.Equal(1.0, Correlations.KendallTau(x, x.Select(v => v * 10).ToArray()), 12);
        Assert.Equal(-1.0, Correlations.Srcc(x, x.Select(v => -v).ToArray()), 12);
    }

    [Fact]
    public void Degenerate_input_gives_NaN_not_an_exception()
    {
        Assert.True(double.IsNaN(Correlations.Srcc([1.0], [2.0])));
        Assert.True(double.IsNaN(Correlations.Lcc([1, 1, 1], [1, 2, 3])));
        Assert.True(double.IsNaN(Correlations.KendallTau([1, 2, 3], [5, 5, 5])));
        Assert.True(double.IsNaN(Correlations.Mse([], [])));
        var m = Correlations.Evaluate([], []);
        Assert.Equal(0, m.N);
        Assert.True(double.IsNaN(m.Srcc));
    }

    [Fact]
    public void Length_mismatch_is_an_error() =>
        Assert.Throws<ArgumentException>(() => Correlations.Srcc([1, 2], [1, 2, 3]));
}
