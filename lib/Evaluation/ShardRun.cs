using System.Text.Json;
using HumanClap.Common;
using HumanClap.Scoring;

namespace HumanClap.Evaluation;

/// <summary>A shard's folder (its scores.csv and shard.json) and the merge of every shard's folder into the scores
/// a single run would have, in the same order.</summary>
public static class ShardRun
{
    public const string ManifestName = "shard.json";

    private sealed record Manifest(int Index, int Count, int BatchSize, IReadOnlyList<string> Backbones);

    public static void Write(string dir, Shard shard, int batchSize, IReadOnlyList<Backbone> backbones,
        IReadOnlyList<ClipScore> scores)
    {
        Directory.CreateDirectory(dir);
        ScoresFile.Write(Path.Combine(dir, ScoresFile.Name), scores);
        AtomicFile.WriteAllText(Path.Combine(dir, ManifestName), JsonSerializer.Serialize(
            new Manifest(shard.Index, shard.Count, batchSize, backbones.Select(b => b.Name).ToList()),
            JsonFile.SnakeCase) + "\n");
    }

    public static IReadOnlyList<string> Backbones(string dir) => Read(dir).Backbones;

    /// <summary>Every shard 1..N exactly once, all cut the same way (N, batch size, backbones); the scores ordered as
    /// a single run orders them (backbone by backbone, clips in the set's order).</summary>
    public static IReadOnlyList<ClipScore> Merge(IReadOnlyList<string> dirs, EvaluationSet set)
    {
        var manifests = dirs.Select(d => (Dir: d, M: Read(d))).ToList();
        var first = manifests[0].M;
        foreach (var (dir, m) in manifests)
            if (m.Count != first.Count || m.BatchSize != first.BatchSize || !m.Backbones.SequenceEqual(first.Backbones))
                throw new UserInputException($"--merge {dir}: shard {m.Index}/{m.Count} (batch size {m.BatchSize}, " +
                                             $"models {string.Join(", ", m.Backbones)}) was cut differently from " +
                                             $"{manifests[0].Dir}");
        var indices = manifests.Select(x => x.M.Index).Order().ToList();
        if (!indices.SequenceEqual(Enumerable.Range(1, first.Count)))
            throw new UserInputException($"--merge: need shards 1..{first.Count} once each, got " +
                                         string.Join(", ", indices));
        var all = manifests.SelectMany(x => ScoresFile.Read(Path.Combine(x.Dir, ScoresFile.Name), set)).ToList();
        var order = set.Clips.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i);
        var backboneOrder = first.Backbones.Select((b, i) => (b, i)).ToDictionary(x => x.b, x => x.i);
        var counts = all.CountBy(s => s.Clip).ToDictionary();
        var missing = set.Clips.Where(c => counts.GetValueOrDefault(c) != first.Backbones.Count).ToList();
        if (missing.Count > 0)
            throw new UserInputException($"--merge: {missing.Count} clips lack a score of every model in the shards " +
                                         $"(first: {missing[0].Source}); were they made from these inputs?");
        return all.OrderBy(s => backboneOrder[s.Backbone]).ThenBy(s => order[s.Clip]).ToList();
    }

    private static Manifest Read(string dir) =>
        JsonFile.Read<Manifest>(Path.Combine(dir, ManifestName), "shard manifest", JsonFile.SnakeCase);
}
