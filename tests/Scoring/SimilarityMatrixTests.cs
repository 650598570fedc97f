using HumanClap.Scoring;
using HumanClap.Tests.Support;

namespace HumanClap.Tests.Scoring;

/// <summary>The clips × texts matrix holds, cell for cell, the cosine that scoring the same pair gives.</summary>
public class SimilarityMatrixTests
{
    [Fact]
    public void Every_cell_is_the_pairs_own_score()
    {
        var checkpoint = Fixtures.Checkpoint("tiny_unfused");
        using var scorer = ClapScorer.FromPretrained(checkpoint);
        string[] clips = ["beeps_10s", "knocks_4s", "click_0p8s"];
        string[] texts = ["electronic beeps", "someone knocks on a door"];
        var paths = clips.Select(c => Path.Combine(checkpoint, c + ".wav")).ToList();
        var matrix = scorer.Similarity(paths, texts);
        Assert.Equal((3, 2), (matrix.Cosines.GetLength(0), matrix.Cosines.GetLength(1)));
        var pairs = (from a in paths from t in texts select (a, t)).ToList();
        var scored = scorer.ScoreFiles(pairs);
        for (int i = 0; i < pairs.Count; i++)
            Assert.Equal(scored[i].Cosine!.Value, matrix[i / texts.Length, i % texts.Length], 1e-6);
        Assert.Equal(matrix[2, 1], matrix.Rows()[2][1]);
    }
}
