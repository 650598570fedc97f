using HumanClap.Metrics;
using HumanClap.Ratings;

namespace HumanClap.Tests.Metrics;

public class NoiseCeilingTests
{
    private static Rating R(string listener, int pair, int score) =>
        new(listener, $"/audiocaps/train/{pair}.wav", "t", score, false, "natural", "train", "train", 0);

    [Fact]
    public void Spearman_Brown_doubles_the_panel() => Assert.Equal(2.0 / 3.0, NoiseCeiling.SpearmanBrown(0.5), 12);

    [Fact]
    public void Raters_who_agree_perfectly_give_a_ceiling_of_one_and_single_ratings_are_left_out()
    {
        var ratings = new List<Rating>();
        for (int p = 0; p < 10; p++)
            foreach (var l in new[] { "a", "b", "c", "d" }) ratings.Add(R(l, p, p));
        ratings.Add(R("a", 99, 3));   // a pair rated once cannot be split
        var n = PairAggregator.NoiseCeiling(ratings, seed: 1, splits: 5);
        Assert.Equal(10, n.Pairs);
        Assert.Equal(1.0, n.SplitHalfSrcc, 12);
        Assert.Equal(1.0, n.CeilingSrcc, 12);
        Assert.Equal(1.0, n.CeilingLcc, 12);
    }

    [Fact]
    public void Noisy_raters_lower_the_ceiling_and_the_seed_fixes_it()
    {
        var rng = new Random(3);
        var ratings = new List<Rating>();
        for (int p = 0; p < 300; p++)
        {
            int truth = p % 11;
            for (int l = 0; l < 4; l++) ratings.Add(R($"l{l}", p, Math.Clamp(truth + rng.Next(-4, 5), 0, 10)));
        }
        var a = PairAggregator.NoiseCeiling(ratings, seed: 4, splits: 20);
        Assert.InRange(a.CeilingSrcc, 0.5, 0.99);
        Assert.Equal(NoiseCeiling.SpearmanBrown(a.SplitHalfSrcc), a.ReliabilitySrcc, 12);
        Assert.Equal(Math.Sqrt(a.ReliabilitySrcc), a.CeilingSrcc, 12);
        Assert.Equal(a, PairAggregator.NoiseCeiling(ratings, seed: 4, splits: 20));
    }
}
