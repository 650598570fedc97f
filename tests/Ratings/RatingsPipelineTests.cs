using System.Text.Json;
using HumanClap.Ratings;
using HumanClap.Reporting;
using HumanClap.Tests.Common;

namespace HumanClap.Tests.Ratings;

public class RatingsPipelineTests
{
    private static string SmallFile() => RatingsCsv.Write(RatingsCsv.RelHeader,
        "/audiocaps/train/1.wav,A,8,0001,natural,False,train,train",
        "/tango/train/1.wav,A,6,0001,tango,False,train,train",
        "/audiocaps/test/2.wav,B,4,0001,natural,False,test,test",
        "/audiocaps/train/9.wav,A,0,0001,natural,True,excluded,",
        "/audiocaps/train/1.wav,A,9,0002,natural,False,excluded,train",
        "/audiocaps/train/8.wav,B,9,0002,natural,True,excluded,",   // 0002: mean anchor 9 → flagged
        "/audiocaps/test/2.wav,B,5,0003,natural,False,test,test",    // 0003: no anchors
        "/audiocaps/test/2.wav,B,oops,0003,natural,False,test,test");

    [Fact]
    public void Small_file_gives_the_hand_counted_summary_and_every_output()
    {
        var result = RatingsPipeline.Run(new RatingsPipelineOptions
        {
            ScoresCsv = SmallFile(), NoiseCeilingSplits = 3,
        });
        var s = result.Summary;
        Assert.Equal((7, 1, 2, 3, 1, 1, 4), (s.RatingsTotal, s.RowsSkipped, s.AnchorRatings, s.ListenersTotal,
            s.ListenersFlagged, s.ListenersWithoutAnchors, s.RatingsKept));
        Assert.Equal((2, 1), (s.PairsKept["train"], s.PairsKept["test"]));
        Assert.Equal((1, 1), (s.PairsBySystem["natural"]["train"], s.PairsBySystem["natural"]["test"]));
        Assert.Equal(1, s.PairsBySystem["tango"]["train"]);

        var dir = TestPaths.TempDir();
        RatingsReport.Write(result, dir);
        foreach (var f in new[] { "pairs.csv", "paper_train.csv", "paper_validation.csv", "paper_test.csv",
                     "relate_train.csv", "relate_validation.csv", "relate_test.csv", "summary.json", "skipped_rows.txt",
                     "tables/pairs_by_system.md", "tables/screening_vs_dataset.csv", "tables/noise_ceiling.md",
                     "figures/listener_anchor_means.html" })
            Assert.True(File.Exists(Path.Combine(dir, f)), f);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")));
        foreach (var key in new[] { "ratings_total", "anchor_ratings", "listeners_total", "listeners_flagged",
                     "ratings_kept", "pairs_kept", "pairs_by_system", "noise_ceiling_srcc", "screening_vs_dataset" })
            Assert.True(json.RootElement.TryGetProperty(key, out _), key);
        Assert.Equal(4, File.ReadAllLines(Path.Combine(dir, "pairs.csv")).Length);   // header + 3 pairs
    }

    [Fact]
    public void Noise_ceilings_are_computed_for_the_subsets_asked_and_do_not_depend_on_the_others()
    {
        // Two listeners per test pair, so the test ceiling is a number rather than NaN.
        var lines = Enumerable.Range(0, 6).SelectMany(i => new[]
        {
            $"/audiocaps/test/{i}.wav,T{i},{i},0001,natural,False,test,test",
            $"/audiocaps/test/{i}.wav,T{i},{(i * 3) % 7},0002,natural,False,test,test",
            $"/tango/train/{i}.wav,U{i},{i % 4},0001,tango,False,train,train",
        }).ToArray();
        var path = RatingsCsv.Write([RatingsCsv.RelHeader, .. lines]);
        var full = RatingsPipeline.Run(new RatingsPipelineOptions
        {
            ScoresCsv = path, Seed = 5, NoiseCeilingSplits = 7,
        });
        var testOnly = RatingsPipeline.Run(new RatingsPipelineOptions
        {
            ScoresCsv = path, Seed = 5, NoiseCeilingSplits = 7, NoiseCeilingSubsets = ["test"],
        });
        Assert.Equal(RatingsPipeline.NoiseCeilingSubsetsAll, full.NoiseCeilings.Keys);
        Assert.Equal(["test"], testOnly.NoiseCeilings.Keys);
        Assert.False(double.IsNaN(testOnly.NoiseCeilings["test"].SplitHalfLcc));
        Assert.Equal(full.NoiseCeilings["test"], testOnly.NoiseCeilings["test"]);
        Assert.Equal(["test"], testOnly.Summary.NoiseCeilingSrcc.Keys);

        var none = RatingsPipeline.Run(new RatingsPipelineOptions { ScoresCsv = path, NoiseCeilingSubsets = [] });
        Assert.Empty(none.NoiseCeilings);
        Assert.Equal(full.Pairs, none.Pairs);
        Assert.Throws<HumanClap.Common.UserInputException>(() =>
            RatingsPipeline.Run(new RatingsPipelineOptions { ScoresCsv = path, NoiseCeilingSubsets = ["validation"] }));
    }

    [Fact]
    public void No_pairs_left_is_an_error_naming_the_file()
    {
        var path = RatingsCsv.Write(RatingsCsv.RelHeader,
            "/audiocaps/train/9.wav,A,0,0001,natural,True,excluded,",
            "/audiocaps/train/1.wav,A,9,0002,natural,False,excluded,train",
            "/audiocaps/train/8.wav,B,9,0002,natural,True,excluded,");
        var e = Assert.Throws<RatingsFormatException>(() =>
            RatingsPipeline.Run(new RatingsPipelineOptions { ScoresCsv = path }));
        Assert.Contains(path, e.Message);
    }
}
