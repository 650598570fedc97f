using HumanClap.Metrics;
using HumanClap.Ratings;
using HumanClap.Training;

namespace HumanClap.Experiments;

/// <summary>The paper's data protocol (Section 2 and 4.1) applied to a RELATE-format score file: screening by the
/// anchors, per-pair means, AudioCaps-train pairs split 80/20 by caption into train/validation, AudioCaps-test pairs
/// for testing. The same code serves the real RELATE data and the synthetic world.</summary>
public sealed record ExperimentData(
    RatingsData Ratings,
    ScreeningResult Screening,
    PairSplits Splits,
    string AudioRoot,
    NoiseCeilingResult TestNoiseCeiling)
{
    public static ExperimentData Load(string scoresCsv, string audioRoot, int seed, ScreeningOptions? screening = null)
    {
        var ratings = RelateLoader.Load(scoresCsv);
        var screened = HumanClap.Ratings.Screening.Apply(ratings.Ratings, screening);
        var pairs = PairAggregator.Aggregate(screened.Kept);
        var splits = HumanClap.Ratings.Splits.Paper(pairs, seed);
        var testRatings = screened.Kept.Where(r => r.AudioCapsSplit == "test").ToList();
        return new ExperimentData(ratings, screened, splits, audioRoot, NoiseCeiling.Compute(testRatings, seed));
    }

    /// <summary>The clip's file: the wav name (e.g. <c>/tango/test/1.wav</c>) under the audio root.</summary>
    public string AudioPath(string wavName) => Path.Combine(AudioRoot, wavName.TrimStart('/'));

    /// <summary>Training pairs with the rescaled mean rating a_i as target (paper Section 3.1).</summary>
    public static IReadOnlyList<TrainingPair> ToTrainingPairs(IEnumerable<PairScore> pairs) =>
        pairs.Select(p => new TrainingPair(p.WavName, p.Text, p.Mean01)).ToList();

    public IEnumerable<(string Id, string Path)> AllClips =>
        Splits.Train.Concat(Splits.Validation).Concat(Splits.Test).Select(p => (p.WavName, AudioPath(p.WavName))).DistinctBy(c => c.WavName);
}
