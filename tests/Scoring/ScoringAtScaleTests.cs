using System.Diagnostics;
using HumanClap.Audio;
using HumanClap.Scoring;
using HumanClap.Tests.Support;
using Xunit.Abstractions;

namespace HumanClap.Tests.Scoring;

/// <summary>Issue 13: a run costs what is unique (clips, texts), not the number of pairs; bad clips fail only their
/// rows; the embedding cache skips decoding on a re-run, misses when the file, checkpoint or a setting changes, and
/// can be shared by concurrent runs.</summary>
public sealed class ScoringAtScaleTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("humanclap-scale-").FullName;
    public void Dispose() => Directory.Delete(_dir, true);

    private static string Checkpoint => Fixtures.Checkpoint("tiny_unfused");
    private static readonly string[] ClipNames =
        ["knocks_4s.wav", "beeps_10s.wav", "chirp_noise_7s.wav", "click_0p8s.wav"];
    private static string[] Clips => ClipNames.Select(n => Path.Combine(Checkpoint, n)).ToArray();
    private string CacheDir => Path.Combine(_dir, "cache");

    private static readonly string[] Texts = Enumerable.Range(0, 60)
        .Select(i => $"{new[] { "knocking", "beeps", "a chirp over noise", "one click" }[i % 4]} number {i}" +
                     string.Concat(Enumerable.Repeat(" and more", i % 5)))
        .ToArray();

    /// <summary>Every clip against every text: 4 x 60 = 240 pairs.</summary>
    private static List<(string, string)> Grid() =>
        Clips.SelectMany(c => Texts.Select(t => (c, t))).ToList();

    private static List<(string, string)> FourPairs() => Clips.Select((c, i) => (c, Texts[i])).ToList();

    [Fact]
    public void GridEmbedsEachClipAndTextOnceWithTheCosinesOfEachPairAlone()
    {
        var (scorer, counts) = CountingEmbedder.Scorer(Checkpoint);
        using var _ = scorer;
        var grid = Grid();
        // Batch 1: every embedding is computed alone, exactly as when scoring each pair by itself.
        var scored = scorer.ScoreFiles(grid, batchSize: 1);
        Assert.Equal(4, counts.Decodes);
        Assert.Equal(4, counts.ClipsEncoded);
        Assert.Equal(60, counts.TextsEncoded);

        using var alone = ClapScorer.FromPretrained(Checkpoint);
        for (int i = 0; i < grid.Count; i += 7)
            Assert.Equal(alone.ScoreFiles([grid[i]])[0].Cosine, scored[i].Cosine);
        Assert.Equal(grid.Count, scored.Count);
        Assert.All(scored, (s, i) => Assert.Equal(i, s.Index));

        // Batches of 8: the same work, and the same cosines up to batched BLAS rounding.
        var batched = scorer.ScoreFiles(grid, batchSize: 8);
        double maxDiff = batched.Zip(scored).Max(p => Math.Abs(p.First.Cosine!.Value - p.Second.Cosine!.Value));
        output.WriteLine($"batch 8 vs alone: max |cos diff| {maxDiff:G3}");
        Assert.InRange(maxDiff, 0, 1e-5);
        Assert.Equal(8, counts.Decodes);
        Assert.Equal(120, counts.TextsEncoded);
    }

    [Fact]
    public void GridOf240PairsCostsAboutWhatFourPairsCost()
    {
        var (scorer, counts) = CountingEmbedder.Scorer(Checkpoint);
        using var _ = scorer;
        scorer.ScoreFiles(FourPairs());
        int decodesFour = counts.Decodes, clipsFour = counts.ClipsEncoded;
        scorer.ScoreFiles(Grid());
        // The audio branch (decode, features, encoder: the expensive part) does exactly the same work.
        Assert.Equal(decodesFour, counts.Decodes - decodesFour);
        Assert.Equal(clipsFour, counts.ClipsEncoded - clipsFour);
        Assert.Equal(4 + 60, counts.TextsEncoded);

        // Wall time, reported (not asserted: the machine is shared): medians of alternated rounds after a warm-up.
        var four = new List<double>();
        var grid = new List<double>();
        for (int round = 0; round < 3; round++)
        {
            four.Add(Seconds(() => scorer.ScoreFiles(FourPairs())));
            grid.Add(Seconds(() => scorer.ScoreFiles(Grid())));
        }
        double ratio = grid.Order().ElementAt(1) / four.Order().ElementAt(1);
        output.WriteLine($"4 clips x 60 texts vs 4 pairs: {ratio:F2}x the time " +
                         $"({grid.Order().ElementAt(1):F3} s vs {four.Order().ElementAt(1):F3} s)");
    }

    private static double Seconds(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalSeconds;
    }

    [Fact]
    public void ABadClipFailsOnlyItsRowsAndIsReadOnce()
    {
        var missing = Path.Combine(_dir, "missing.wav");
        var pairs = new List<(string, string)>();
        for (int i = 0; i < 30; i++) pairs.Add((i % 3 == 1 ? missing : Clips[i % 4], Texts[i]));
        var (scorer, counts) = CountingEmbedder.Scorer(Checkpoint);
        using var _ = scorer;
        var scored = scorer.ScoreStream(pairs, batchSize: 2).ToList();
        Assert.Equal(Enumerable.Range(0, 30), scored.Select(s => s.Index));
        for (int i = 0; i < 30; i++)
        {
            Assert.Equal(i % 3 != 1, scored[i].Ok);
            if (i % 3 == 1) Assert.Contains("missing.wav", scored[i].Error);
        }
        Assert.Equal(5, counts.Decodes);
    }

    [Fact]
    public void SecondRunWithTheCacheDecodesNothingAndGivesTheSameScores()
    {
        var options = new ScorerOptions { CacheDir = CacheDir };
        var pairs = Grid();
        var (first, firstCounts) = CountingEmbedder.Scorer(Checkpoint, options);
        var expected = first.ScoreFiles(pairs);
        first.Dispose();
        Assert.Equal(4, firstCounts.Decodes);

        var (second, counts) = CountingEmbedder.Scorer(Checkpoint, options);
        using var _ = second;
        var again = second.ScoreFiles(pairs);
        Assert.Equal(0, counts.Decodes);
        Assert.Equal(0, counts.ClipsEncoded + counts.TextsEncoded);
        Assert.Equal(64, second.Counters.CacheHits);
        Assert.Equal(expected.Select(s => s.Cosine), again.Select(s => s.Cosine));
    }

    [Fact]
    public void ChangedFileCheckpointOrSettingMisses()
    {
        var clip = Path.Combine(_dir, "clip.wav");
        File.Copy(Clips[0], clip);
        List<(string, string)> pairs = [(clip, "knocking")];
        int Decodes(string checkpoint, ScorerOptions options)
        {
            var (scorer, counts) = CountingEmbedder.Scorer(checkpoint, options with { CacheDir = CacheDir });
            using var _ = scorer;
            Assert.True(scorer.ScoreFiles(pairs)[0].Ok);
            return counts.Decodes;
        }
        var plain = new ScorerOptions();
        Assert.Equal(1, Decodes(Checkpoint, plain));
        Assert.Equal(0, Decodes(Checkpoint, plain));

        File.Copy(Clips[1], clip, overwrite: true);
        Assert.Equal(1, Decodes(Checkpoint, plain));
        Assert.Equal(0, Decodes(Checkpoint, plain));

        Assert.Equal(1, Decodes(Checkpoint, plain with { MaxAudioSeconds = 5 }));
        Assert.Equal(1, Decodes(Checkpoint, plain with { QuantizeToInt16 = true }));
        Assert.Equal(1, Decodes(Checkpoint, plain with { Resampler = ResamplerKind.Polyphase }));
        Assert.Equal(0, Decodes(Checkpoint, plain));

        var copy = Path.Combine(_dir, "ckpt");
        Directory.CreateDirectory(copy);
        foreach (var f in Directory.GetFiles(Checkpoint)) File.Copy(f, Path.Combine(copy, Path.GetFileName(f)));
        // The same files elsewhere are the same checkpoint; one changed byte of the weights is another.
        Assert.Equal(0, Decodes(copy, plain));
        var weights = Path.Combine(copy, "model.safetensors");
        var bytes = File.ReadAllBytes(weights);
        bytes[^1] ^= 1;
        File.WriteAllBytes(weights, bytes);
        Assert.Equal(1, Decodes(copy, plain));
    }

    [Fact]
    public async Task TwoConcurrentRunsSharingACacheBothFinishCorrectly()
    {
        var pairs = Grid();
        using (var reference = ClapScorer.FromPretrained(Checkpoint))
        {
            var expected = reference.ScoreFiles(pairs, batchSize: 2);
            var options = new ScorerOptions { CacheDir = CacheDir };
            var runs = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
            {
                using var scorer = ClapScorer.FromPretrained(Checkpoint, options);
                return scorer.ScoreFiles(pairs, batchSize: 2);
            })).ToList();
            foreach (var run in await Task.WhenAll(runs))
                for (int i = 0; i < pairs.Count; i++)
                    Assert.Equal(expected[i].Cosine!.Value, run[i].Cosine!.Value, 1e-5);
        }
        Assert.DoesNotContain(Directory.GetFiles(CacheDir, "*", SearchOption.AllDirectories),
            f => f.EndsWith(".tmp"));
    }
}
