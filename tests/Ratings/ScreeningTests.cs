using HumanClap.Ratings;

namespace HumanClap.Tests.Ratings;

public class ScreeningTests
{
    private static Rating R(string listener, int score, bool anchor, string relate = "train",
        string wav = "/audiocaps/train/1.wav", string text = "t") =>
        new(listener, wav, text, score, anchor, "natural", anchor ? "" : "train", anchor ? "excluded" : relate, 0);

    // A: anchors 0,1,2 (mean 1) kept; B: 3,3,0 (mean exactly 2, not above) kept by the mean rule, flagged by "any";
    // C: 5,6,7 flagged; D: no anchors, kept and reported.
    private static List<Rating> Sample() =>
    [
        R("A", 0, true), R("A", 1, true), R("A", 2, true), R("A", 8, false), R("A", 9, false, "excluded", text: "u"),
        R("B", 3, true), R("B", 3, true), R("B", 0, true), R("B", 6, false),
        R("C", 5, true), R("C", 6, true), R("C", 7, true), R("C", 4, false, "excluded"),
        R("C", 2, false, "excluded", text: "u"),
        R("D", 7, false),
    ];

    [Fact]
    public void Paper_rule_flags_listeners_whose_mean_anchor_is_above_the_threshold()
    {
        var s = Screening.Apply(Sample());
        Assert.Equal(["C"], s.FlaggedListeners);
        Assert.Equal(["D"], s.ListenersWithoutAnchors);
        Assert.Equal(4, s.ListenersTotal);
        Assert.Equal(9, s.AnchorRatings);
        Assert.Equal(2.0, s.MeanAnchorScore["B"]);
        Assert.Equal(6.0, s.MeanAnchorScore["C"]);
        Assert.Equal(4, s.Kept.Count);
        Assert.All(s.Kept, r => Assert.False(r.IsAnchor));
        Assert.DoesNotContain(s.Kept, r => r.ListenerId == "C");
    }

    [Fact]
    public void Any_anchor_rule_and_threshold_are_parameters()
    {
        var any = Screening.Apply(Sample(), new ScreeningOptions { Rule = ScreeningRule.AnyAboveThreshold });
        Assert.Equal(["B", "C"], any.FlaggedListeners.Order());
        var lenient = Screening.Apply(Sample(), new ScreeningOptions { Threshold = 6.0 });
        Assert.Empty(lenient.FlaggedListeners);
    }

    [Fact]
    public void The_rule_on_one_listeners_anchors_is_the_one_Apply_uses()
    {
        // B's anchors 3,3,0: mean exactly 2 is not above the paper's threshold; one anchor above it is.
        Assert.False(Screening.IsFlagged([3.0, 3.0, 0.0]));
        var any = new ScreeningOptions { Rule = ScreeningRule.AnyAboveThreshold };
        Assert.True(Screening.IsFlagged([3.0, 3.0, 0.0], any));
        Assert.True(Screening.IsFlagged([2.0, 2.0, 2.5]));
        Assert.False(Screening.IsFlagged([5.0, 6.0, 7.0], new ScreeningOptions { Threshold = 7.0 }));
        Assert.Equal(2.0, new ScreeningOptions().Threshold);   // the paper's "above 2"
        foreach (var rule in new[] { ScreeningRule.MeanAboveThreshold, ScreeningRule.AnyAboveThreshold })
        {
            var options = new ScreeningOptions { Rule = rule };
            var byHand = Sample().Where(r => r.IsAnchor).GroupBy(r => r.ListenerId)
                .Where(g => Screening.IsFlagged(g.Select(r => (double)r.Score).ToList(), options)).Select(g => g.Key);
            Assert.Equal(byHand.Order(), Screening.Apply(Sample(), options).FlaggedListeners.Order());
        }
    }

    [Fact]
    public void Confusion_table_compares_flags_with_the_dataset_exclusion()
    {
        var c = Screening.Apply(Sample()).Confusion!;
        // C flagged and fully excluded; A partly excluded; B and D not excluded.
        Assert.Equal(new ExclusionConfusion(FlaggedFully: 1, FlaggedPartly: 0, FlaggedNone: 0,
            KeptFully: 0, KeptPartly: 1, KeptNone: 2), c);
    }

    [Fact]
    public void No_dataset_split_means_no_confusion_table()
    {
        var ratings = Sample().Select(r => r with { RelateSplit = "" }).ToList();
        Assert.Null(Screening.Apply(ratings).Confusion);
    }
}
