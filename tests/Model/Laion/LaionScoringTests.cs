using HumanClap.Audio.Laion;
using HumanClap.Scoring;
using HumanClap.Tests.Support;
using static TorchSharp.torch;

namespace HumanClap.Tests.Model.Laion;

/// <summary>Scoring a LAION .pt uses laion_clap's preprocessing: the clips' embeddings are laion_clap's, a clip's
/// score does not depend on its batch, and the draws behind each score reach the caller and the CSV.</summary>
public sealed class LaionScoringTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("laion-scoring-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private static string Clip(string name) => Path.Combine(LaionFixtures.Root, "clips", name + ".wav");

    [Theory, InlineData("tiny_unfused"), InlineData("tiny_fused")]
    public void ScoresAreLaionClapsAndPerClip(string set)
    {
        var pt = LaionFixtures.CopyToTemp(set, _temp);
        using var scorer = ClapScorer.FromPretrained(pt, new ScorerOptions { AllowPickle = true, Seed = 5 });
        var names = new[] { "speech_48k_3p3s", "exact_48k_10s", "long_48k_11p2s", "stereo_48k_1p5s" };
        var pairs = names.Select(n => (Clip(n), "a caption")).ToList();
        var batch = scorer.ScoreFiles(pairs, batchSize: 4);
        var alone = scorer.ScoreFiles([pairs[2]], batchSize: 1);
        // Same features and draws; the encoder's batched matrix products may round the last bit differently.
        Assert.Equal(batch[2].Cosine!.Value, alone[0].Cosine!.Value, 1e-6);
        Assert.Equal(batch[2].Draws, alone[0].Draws);
        Assert.NotNull(set == "tiny_fused" ? batch[2].Draws!.ChunkStarts : batch[2].Draws!.CropOffset);
        Assert.Equal(LaionClipDraws.None, batch[0].Draws);

        // The clips that need no draw embed as laion_clap embeds them.
        var exp = LaionFixtures.Expected(set);
        var embeds = scorer.EmbedAudio(names.Select(n => scorer.LoadAudio(Clip(n))).ToList());
        foreach (int clip in new[] { 0, 1, 3 })
            for (int d = 0; d < embeds.GetLength(1); d++)
                Assert.True(Math.Abs(embeds[clip, d] - exp["audio_embeds"][clip, d].item<float>()) < 2e-4);

        var csvIn = Path.Combine(_temp, "pairs.csv");
        File.WriteAllLines(csvIn, ["audio,text", .. names.Select(n => $"{Clip(n)},a caption")]);
        var csvOut = Path.Combine(_temp, "scores.csv");
        PairsFile.Score(scorer, PairsFile.Read(csvIn), csvOut, batchSize: 2);
        var lines = File.ReadAllLines(csvOut);
        Assert.Equal("audio,text,cosine,clapscore,error,crop_offset,chunk_starts", lines[0]);
        var expected = set == "tiny_fused" ? "," + string.Join(';', batch[2].Draws!.ChunkStarts!)
            : batch[2].Draws!.CropOffset + ",";
        Assert.EndsWith(expected, lines[3]);
    }
}
