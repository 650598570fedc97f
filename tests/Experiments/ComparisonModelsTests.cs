using HumanClap.Audio;
using HumanClap.Experiments;
using HumanClap.Scoring;
using HumanClap.Tests.Support;

namespace HumanClap.Tests.Experiments;

/// <summary>A --compare checkpoint is scored with the run's options: its long clips are cropped with the run's
/// --seed, as `score --seed` crops them.</summary>
public sealed class ComparisonModelsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("compare-seed-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("msclap")]
    [InlineData("hf")]
    public void CompareCropsLongClipsWithTheRunsSeed(string family)
    {
        var checkpoint = family == "msclap" ? MsClapFixtures.Dir("tiny_2023") : Fixtures.Checkpoint("tiny_unfused");
        // 25 s of a changing signal: every crop window differs, so two seeds give two embeddings.
        var clip = Path.Combine(_dir, "long.wav");
        var random = new Random(3);
        AudioWriter.WriteWavFloat(clip, Enumerable.Range(0, 25 * 48_000)
            .Select(i => (float)(0.3 * Math.Sin(i * (0.01 + i / 4e7)) + 0.05 * (random.NextDouble() - 0.5)))
            .ToArray(), 48_000);
        (string, string)[] pairs = [(clip, "a rising tone with hiss")];

        double Compared(int seed)
        {
            var run = new ExperimentOptions { OutDir = _dir, Seed = seed };
            using var scorer = ComparisonModels.Open(checkpoint, run);
            return scorer.ScoreFiles(pairs).Single().Cosine!.Value;
        }
        double Scored(int seed)
        {
            using var scorer = ClapScorer.FromPretrained(checkpoint, new ScorerOptions { Seed = seed });
            return scorer.ScoreFiles(pairs).Single().Cosine!.Value;
        }

        Assert.Equal(Scored(1), Compared(1), 12);
        Assert.Equal(Scored(2), Compared(2), 12);
        Assert.NotEqual(Compared(1), Compared(2));
    }
}
