using HumanClap.Scoring;

namespace HumanClap.Evaluation;

/// <summary>Scores the clips of an <see cref="EvaluationSet"/> with one backbone: each unique clip and text embedded
/// once (through the scorer's cache), clips in canonical batches (sorted paths, <c>batchSize</c> at a time, the
/// shard's batches only) and texts one at a time, so no embedding depends on how the work was split.</summary>
internal static class ClipScoring
{
    public static IReadOnlyList<ClipScore> Score(ClapScorer scorer, string backbone, IReadOnlyList<GeneratedClip> clips,
        int batchSize, Shard shard, IProgress<int>? progress = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var run = scorer.NewRun();
        var mine = ShardClips(clips, batchSize, shard);
        var paths = mine.Select(c => c.AudioPath).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .ToList();
        int done = 0;
        foreach (var batch in paths.Chunk(batchSize))
        {
            run.AddClips(run.PrepareClips(batch));
            progress?.Report(done += batch.Length);
        }
        run.AddTexts(mine.Select(c => c.Text).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .ToList(), batchSize: 1);

        var ready = mine.Where(c => run.Clip(c.AudioPath, out _) is not null).ToList();
        var cosines = ClapScorer.RowCosines(ready.Select(c => run.Clip(c.AudioPath, out _)!).ToList(),
            ready.Select(c => run.Text(c.Text)).ToList());
        var byClip = ready.Select((c, i) => (c, cos: cosines[i])).ToDictionary(x => x.c, x => x.cos);
        return mine.Select(c =>
        {
            if (!byClip.TryGetValue(c, out var cos))
            {
                run.Clip(c.AudioPath, out var error);
                return new ClipScore(backbone, c, null, error ?? "not scored");
            }
            // A NaN or infinite cosine (an extreme input) is no score.
            return double.IsFinite(cos) ? new ClipScore(backbone, c, cos, null)
                : new ClipScore(backbone, c, null, $"the cosine is {cos}");
        }).ToList();
    }

    /// <summary>The clips of <paramref name="shard"/>: those whose path falls in one of its canonical batches.
    /// </summary>
    public static IReadOnlyList<GeneratedClip> ShardClips(IReadOnlyList<GeneratedClip> clips, int batchSize,
        Shard shard)
    {
        if (shard.IsWhole) return clips;
        var paths = clips.Select(c => c.AudioPath).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .ToList();
        var taken = paths.Where((_, i) => shard.TakesBatch(i / batchSize)).ToHashSet(StringComparer.Ordinal);
        return clips.Where(c => taken.Contains(c.AudioPath)).ToList();
    }
}
