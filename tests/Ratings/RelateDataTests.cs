using HumanClap.Ratings;
using HumanClap.Tests.Common;

namespace HumanClap.Tests.Ratings;

/// <summary>On the real RELATE REL.csv: the pipeline's counts against an independent recount with plain string
/// handling.</summary>
public class RelateDataTests
{
    // The last six fields never contain commas, so splitting from the end is safe whatever the (quoted) text holds.
    private sealed record Row(string Wav, string Text, int Score, string Listener, bool Anchor, string Relate,
        string Caps);

    private static List<Row> Recount(string path) => File.ReadLines(path).Skip(1).Where(l => l.Length > 0).Select(l =>
    {
        var f = l.Split(',');
        return new Row(f[0], string.Join(",", f[1..^6]), int.Parse(f[^6]), f[^5], f[^3] == "True", f[^2], f[^1]);
    }).ToList();

    [RelateFact]
    public void Summary_counts_match_an_independent_recount()
    {
        var scores = TestPaths.RelateFile("scores/REL.csv");
        var rows = Recount(scores);
        var manifest = Path.Combine(Support.Fixtures.RepoRoot, "data-manifests", "relate.json");
        var s = RatingsPipeline.Run(new RatingsPipelineOptions
        {
            ScoresCsv = scores, ListenersCsv = TestPaths.RelateFile("listener_attributes/REL.csv"), Manifest = manifest,
            NoiseCeilingSplits = 5,
        }).Summary;

        var flagged = rows.Where(r => r.Anchor).GroupBy(r => r.Listener).Where(g => g.Average(r => r.Score) > 2)
            .Select(g => g.Key).ToHashSet();
        var kept = rows.Where(r => !r.Anchor && !flagged.Contains(r.Listener)).ToList();
        Assert.Equal(0, s.RowsSkipped);
        Assert.Equal(rows.Count, s.RatingsTotal);
        Assert.Equal(rows.Count(r => r.Anchor), s.AnchorRatings);
        Assert.Equal(rows.Select(r => r.Listener).Distinct().Count(), s.ListenersTotal);
        Assert.Equal(flagged.Count, s.ListenersFlagged);
        Assert.Equal(kept.Count, s.RatingsKept);
        foreach (var split in new[] { "train", "test" })
            Assert.Equal(kept.Where(r => r.Caps == split).Select(r => (r.Wav, r.Text)).Distinct().Count(),
                s.PairsKept[split]);
        Assert.Equal(kept.Where(r => r.Wav.StartsWith("/tango2/") && r.Caps == "test").Select(r => (r.Wav, r.Text))
                .Distinct().Count(),
            s.PairsBySystem["tango2"]["test"]);
        Assert.Equal(s.PairsKept["train"], s.PaperSplits["train"] + s.PaperSplits["validation"]);
        Assert.Equal(1370, s.ListenersWithAttributes);
        // Every listener the paper's rule flags is one the dataset itself excluded entirely.
        Assert.Equal(flagged.Count, s.ScreeningVsDataset!.FlaggedFully);
        Assert.All(s.NoiseCeilingSrcc.Values, v => Assert.InRange(v, 0.5, 1.0));
    }
}
