using HumanClap.Common;
using HumanClap.Model;
using HumanClap.Model.Laion;
using HumanClap.Scoring;
using HumanClap.Tests.Support;
using static TorchSharp.torch;

namespace HumanClap.Tests.Model.Laion;

/// <summary><c>convert</c> writes the .pt once as a Hugging Face folder that scores exactly like the .pt; the
/// scorer takes a .pt with its tokenizer beside it or from a folder given.</summary>
public sealed class LaionConvertTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("laion-convert-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    public static TheoryData<string> Sets() => new() { "tiny_unfused", "tiny_fused", "base_unfused" };

    private static readonly string[] Texts = ["A dog barks twice in the distance.", "a literal <pad> token", "rain"];

    /// <summary>Two 3 s clips and one 12 s clip (long enough for the crop / fusion chunks).</summary>
    private static List<float[]> Waves() =>
    [
        .. new[] { 3.0, 3.2, 12.0 }.Select((seconds, k) => Enumerable.Range(0, (int)(seconds * 48_000))
            .Select(i => (float)(0.3 * Math.Sin(2 * Math.PI * (220 + 110 * k) * i / 48_000.0)
                                 + 0.05 * Math.Sin(i * 0.37 + k))).ToArray()),
    ];

    [Theory, MemberData(nameof(Sets))]
    public void ConvertedFolderScoresExactlyLikeThePt(string set)
    {
        var pt = LaionFixtures.CopyToTemp(set, _temp);
        var outDir = Path.Combine(_temp, "converted-" + set);
        LaionCheckpoint.Convert(pt, outDir, allowPickle: true, LaionCheckpoint.TokenizerDir(pt, null));
        foreach (var f in new[] { "config.json", "model.safetensors", "vocab.json", "merges.txt",
                     "tokenizer_config.json", "special_tokens_map.json", "preprocessor_config.json" })
            Assert.True(File.Exists(Path.Combine(outDir, f)), f);

        using (var fromPt = LaionCheckpoint.Load(pt, new CheckpointLoadOptions { AllowPickle = true }))
        using (var fromFolder = ClapModel.FromPretrained(outDir))
        {
            Assert.Equal(fromPt.Config.ToJson().ToJsonString(), fromFolder.Config.ToJson().ToJsonString());
            var a = fromPt.state_dict();
            var b = fromFolder.state_dict();
            Assert.Equal(a.Keys.Order(), b.Keys.Order());
            foreach (var (k, t) in a)
                Assert.True(t.dtype == b[k].dtype && t.shape.SequenceEqual(b[k].shape) && t.eq(b[k]).all().item<bool>(), k);
        }

        var waves = Waves();
        // The folder has no torchlibrosa kernels: with the same preprocessing (Hugging Face's extractor) the scores
        // are identical; with laion_clap's (the .pt's default) the folder rebuilds the kernels (1 ulp apart).
        using var ptScorer = ClapScorer.FromPretrained(pt,
            new ScorerOptions { AllowPickle = true, LaionPreprocessing = false });
        using var folderScorer = ClapScorer.FromPretrained(outDir);
        using (var ptLaion = ClapScorer.FromPretrained(pt, new ScorerOptions { AllowPickle = true }))
        using (var folderLaion = ClapScorer.FromPretrained(outDir, new ScorerOptions { LaionPreprocessing = true }))
        {
            var diff = ptLaion.EmbedAudio(waves).Cast<float>().Zip(folderLaion.EmbedAudio(waves).Cast<float>(),
                (x, y) => Math.Abs(x - y)).Max();
            Assert.True(diff < 1e-5, $"LAION preprocessing, .pt vs folder: {diff}");
        }
        Assert.Equal(ptScorer.Model.Config.Audio.EnableFusion, ptScorer.Extractor.Config.Truncation ==
                                                               HumanClap.Audio.TruncationMode.Fusion);
        Assert.Equal(ptScorer.EmbedAudio(waves), folderScorer.EmbedAudio(waves));
        Assert.Equal(ptScorer.EmbedText(Texts), folderScorer.EmbedText(Texts));
        Assert.Equal(ptScorer.PairCosines(waves, Texts), folderScorer.PairCosines(waves, Texts));
    }

    [Fact]
    public void TokenizerComesFromBesideTheCheckpointOrTheGivenFolder()
    {
        var pt = LaionFixtures.CopyToTemp("tiny_unfused", _temp, withTokenizer: false);
        var options = new ScorerOptions { AllowPickle = true };
        var e = Assert.Throws<UserInputException>(() => ClapScorer.FromPretrained(pt, options));
        Assert.Contains("vocab.json", e.Message);
        Assert.Contains("--processor", e.Message);
        using var scorer = ClapScorer.FromPretrained(pt, options with { ProcessorDir = LaionFixtures.TokenizerDir });
        Assert.Equal(32, scorer.EmbedText(Texts).GetLength(1));
        // A folder without config.json that holds exactly one .pt is the same checkpoint.
        using var byFolder = ClapScorer.FromPretrained(Path.GetDirectoryName(pt)!,
            options with { ProcessorDir = LaionFixtures.TokenizerDir });
        Assert.Equal(scorer.EmbedText(Texts), byFolder.EmbedText(Texts));
    }

    [Fact]
    public void ScorerRefusesThePtWithoutTheOptIn()
    {
        var pt = LaionFixtures.CopyToTemp("tiny_fused", _temp);
        var e = Assert.Throws<UserInputException>(() => ClapScorer.FromPretrained(pt));
        Assert.Contains("--allow-pickle", e.Message);
    }
}
