using System.Diagnostics;
using HumanClap.Common;
using HumanClap.Ratings;
using HumanClap.Scoring;

namespace HumanClap.Experiments;

/// <summary>The --compare checkpoints of a real-data run: each scores the test pairs zero-shot (CLAPScore, the way
/// `score` does, so its family's own audio reading and resampling apply) and is evaluated like the baseline. The
/// paper's Section 2.3 and Table 1 compare LAION CLAP with MS CLAP this way; none is ever fine-tuned.</summary>
internal static class ComparisonModels
{
    public static IReadOnlyList<ModelResult> Score(ExperimentOptions o, ExperimentData data,
        IReadOnlyList<PairScore> test, TestEvaluation versusBaseline, IEnumerable<string> takenNames)
    {
        var taken = new HashSet<string>(takenNames);
        var results = new List<ModelResult>();
        foreach (var checkpoint in o.Compare)
        {
            var clock = Stopwatch.StartNew();
            using var scorer = Open(checkpoint, o);
            var name = UniqueName($"{scorer.Embedder.Family} ({DisplayName(checkpoint)})", taken);
            o.Log.WriteLine($"scoring {test.Count} test pairs zero-shot with {name}");
            var scored = scorer.ScoreFiles(test.Select(p => (data.AudioPath(p.WavName), p.Text)).ToList());
            // Every model is evaluated on the same pairs; a clip only this model cannot read would make its row
            // incomparable, so it stops the run naming the clip rather than silently shrinking the set.
            if (scored.FirstOrDefault(s => !s.Ok) is { } bad)
                throw new UserInputException(
                    $"--compare {checkpoint}: test pair {bad.Index + 1} ({bad.Audio}): {bad.Error}");
            var scores = scored.Select(s => s.ClapScore!.Value).ToArray();
            var model = new ModelUnderTest(name, checkpoint) { TrainSeconds = clock.Elapsed.TotalSeconds };
            results.Add(ModelResult.FromScores(model, scores, versusBaseline));
        }
        return results;
    }

    /// <summary>A --compare checkpoint as the run scores with it (its device and seed).</summary>
    internal static ClapScorer Open(string checkpoint, ExperimentOptions o) =>
        ClapScorer.FromPretrained(checkpoint, o.Scoring);

    /// <summary>The folder's or file's name (e.g. <c>msclap-2023</c>, <c>CLAP_weights_2023.pth</c>).</summary>
    private static string DisplayName(string checkpoint) =>
        Path.GetFileName(Path.GetFullPath(checkpoint).TrimEnd(Path.DirectorySeparatorChar, '/'));

    private static string UniqueName(string name, HashSet<string> taken)
    {
        var unique = name;
        for (int k = 2; !taken.Add(unique); k++) unique = $"{name} #{k}";
        return unique;
    }
}
