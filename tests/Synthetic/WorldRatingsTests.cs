using HumanClap.Metrics;
using HumanClap.Ratings;
using HumanClap.Synthetic;

namespace HumanClap.Tests.Synthetic;

/// <summary>The world's files go through the same ratings code as RELATE: they load without a single row problem,
/// screening flags mostly the simulator's careless listeners, and the ratings' noise ceiling is high but below 1.
/// </summary>
public sealed class WorldRatingsTests(TinyWorldFixture world) : IClassFixture<TinyWorldFixture>
{
    [Fact]
    public void TheRatingsLoaderReadsTheWorldWithoutProblems()
    {
        var data = RelateLoader.Load(world.Summary.Folder.ScoresCsv, world.Summary.Folder.ListenerAttributesCsv,
                                     new RatingsLoadOptions { StrictRows = true });
        Assert.Empty(data.Problems);
        Assert.Equal(world.Summary.Counts.Ratings, data.Ratings.Count);
        Assert.Equal(world.Summary.Counts.AnchorRatings, data.Ratings.Count(r => r.IsAnchor));
        Assert.Equal(world.Summary.Counts.Listeners, data.Listeners.Count);
        Assert.Equal(["audioldm", "audioldm2", "natural", "tango", "tango2"],
                     data.Ratings.Where(r => !r.IsAnchor).Select(r => r.System).Distinct().Order());
    }

    [Fact]
    public void ScreeningAgreesWithTheSimulatorsCarelessListeners()
    {
        var data = RelateLoader.Load(world.Summary.Folder.ScoresCsv);
        var screening = Screening.Apply(data.Ratings);
        var careless = TinyWorldFixture.ReadCsv(world.Summary.Folder.TruthListenersCsv)
            .Where(r => r["careless"] == "True")
            .Select(r => r["listener_id"])
            .ToHashSet();
        int truePositives = screening.FlaggedListeners.Count(careless.Contains);
        double precision = (double)truePositives / screening.FlaggedListeners.Count,
            recall = (double)truePositives / careless.Count;
        Assert.True(precision >= 0.6 && recall >= 0.6, $"precision {precision:F2}, recall {recall:F2}");
        // The library's diagnostics report the same screening.
        var stats = WorldDiagnostics.Compute(world.Dir);
        Assert.Equal(screening.FlaggedListeners.Count, stats.Flagged);
        Assert.Equal(precision, stats.ScreeningPrecision, 12);
    }

    [Fact]
    public void PairMeansAreNoisyButReliable()
    {
        var kept = Screening.Apply(RelateLoader.Load(world.Summary.Folder.ScoresCsv).Ratings).Kept;
        var ceiling = PairAggregator.NoiseCeiling(kept, seed: 1);
        Assert.InRange(ceiling.CeilingSrcc, 0.5, 0.995);
        var truth = TinyWorldFixture.ReadCsv(world.Summary.Folder.TruthPairsCsv)
            .ToDictionary(r => (r["wavname"], r["text"]),
                          r => double.Parse(r["relevance"], System.Globalization.CultureInfo.InvariantCulture));
        var pairs = PairAggregator.Aggregate(kept);
        double srcc = Correlations.Srcc(pairs.Select(p => p.Mean01).ToArray(),
                                        pairs.Select(p => truth[(p.WavName, p.Text)]).ToArray());
        Assert.InRange(srcc, 0.5, 0.99);
    }
}
