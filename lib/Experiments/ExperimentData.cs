using HumanClap.Metrics;
using HumanClap.Ratings;
using HumanClap.Training;

namespace HumanClap.Experiments;

/// <summary>The paper's data protocol (Section 2 and 4.1) applied to a RELATE-format score file by
/// <see cref="RatingsPipeline"/>: screening by the anchors, per-pair means, AudioCaps-train pairs split 80/20 by
/// caption into train/validation, AudioCaps-test pairs for testing. The same code serves the real RELATE data and the
/// synthetic world.</summary>
internal sealed record ExperimentData(RatingsPipelineResult Pipeline, string AudioRoot)
{
    public RatingsData Ratings => Pipeline.Data;
    public ScreeningResult Screening => Pipeline.Screening;
    /// <summary>The paper's splits (the experiment does not use the dataset's own).</summary>
    public PairSplits Splits => Pipeline.PaperSplits;
    public NoiseCeilingResult TestNoiseCeiling => Pipeline.NoiseCeilings[TestSubset];

    private const string TestSubset = "test";

    public static ExperimentData Load(string scoresCsv, string audioRoot, int seed, ScreeningOptions? screening = null)
    {
        var pipeline = RatingsPipeline.Run(new RatingsPipelineOptions
        {
            ScoresCsv = scoresCsv, Seed = seed, Screening = screening ?? new ScreeningOptions(),
            // Only the test pairs' ceiling is reported next to the models' test correlations.
            NoiseCeilingSubsets = [TestSubset],
        });
        return new ExperimentData(pipeline, audioRoot);
    }

    /// <summary>The clip's file: the wav name (e.g. <c>/tango/test/1.wav</c>) under the audio root.</summary>
    public string AudioPath(string wavName) => Path.Combine(AudioRoot, wavName.TrimStart('/'));

    /// <summary>Training pairs with the rescaled mean rating a_i as target (paper Section 3.1).</summary>
    public static IReadOnlyList<TrainingPair> ToTrainingPairs(IEnumerable<PairScore> pairs) =>
        pairs.Select(p => new TrainingPair(p.WavName, p.Text, p.Mean01)).ToList();

    public IEnumerable<(string Id, string Path)> AllClips =>
        Splits.Train.Concat(Splits.Validation).Concat(Splits.Test).Select(p => (p.WavName, AudioPath(p.WavName)))
            .DistinctBy(c => c.WavName);
}
