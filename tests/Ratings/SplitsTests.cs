using HumanClap.Ratings;

namespace HumanClap.Tests.Ratings;

public class SplitsTests
{
    // 50 captions, each paired with 2 or 3 clips, on the AudioCaps-train side; 10 test-side pairs.
    private static List<PairScore> Pairs()
    {
        var list = new List<PairScore>();
        for (int t = 0; t < 50; t++)
            for (int k = 0; k < 2 + t % 2; k++)
                list.Add(new PairScore($"/s{k}/train/{t}.wav", $"caption {t}", "natural", "train",
                    t % 5 == 0 ? "validation" : "train", 5, 1, 3));
        for (int t = 0; t < 10; t++)
            list.Add(new PairScore($"/audiocaps/test/{t}.wav", $"test caption {t}", "natural", "test",
                t % 2 == 0 ? "test" : "excluded", 5, 1, 3));
        return list;
    }

    [Fact]
    public void Paper_split_groups_by_caption_and_is_about_80_20()
    {
        var pairs = Pairs();
        var s = Splits.Paper(pairs, seed: 7);
        Assert.Empty(s.Train.Select(p => p.Text).Intersect(s.Validation.Select(p => p.Text)));
        Assert.Equal(125, s.Train.Count + s.Validation.Count);
        // Fills to 25 pairs, overshooting by at most one caption's pairs minus one.
        Assert.InRange(s.Validation.Count, 25, 27);
        Assert.Equal(10, s.Test.Count);
        Assert.All(s.Test, p => Assert.Equal("test", p.AudioCapsSplit));
    }

    [Fact]
    public void Paper_split_is_deterministic_per_seed()
    {
        var pairs = Pairs();
        Assert.Equal(Splits.Paper(pairs, 3).Validation, Splits.Paper(pairs, 3).Validation);
        Assert.NotEqual(Splits.Paper(pairs, 3).Validation.Select(p => p.Text).ToHashSet(),
            Splits.Paper(pairs, 4).Validation.Select(p => p.Text).ToHashSet());
    }

    [Fact]
    public void Relate_split_uses_the_dataset_column_and_drops_excluded_pairs()
    {
        var s = Splits.Relate(Pairs());
        Assert.Equal(25, s.Validation.Count);   // captions 0,5,..,45: five with 2 pairs and five with 3
        Assert.Equal(Pairs().Count(p => p.RelateSplit == "train"), s.Train.Count);
        Assert.Equal(5, s.Test.Count);
    }
}
