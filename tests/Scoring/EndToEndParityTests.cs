using HumanClap.Audio;
using HumanClap.Scoring;
using HumanClap.Tests.Support;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace HumanClap.Tests.Scoring;

/// <summary>From WAV files and raw texts to embeddings: our whole pipeline against transformers' within 1e-3.</summary>
public class EndToEndParityTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-3;

    [Theory]
    [InlineData("tiny_unfused")]
    [InlineData("tiny_fused")]
    public void EmbeddingsFromWavFilesAndTextsMatchReference(string name)
    {
        using var scorer = ClapScorer.FromPretrained(Fixtures.Checkpoint(name));
        var (audioNames, texts) = Fixtures.Meta(name);
        var waves = audioNames.Select(a => AudioLoader.Load(Path.Combine(Fixtures.Checkpoint(name), a + ".wav")))
            .ToList();
        // The reference picks random chunks for clips over 10 s (fusion); those rows cannot be compared end to end
        // (the model on the reference's own features is checked in ModelParityTests).
        var comparable = Enumerable.Range(0, waves.Count).Where(i => waves[i].Length <= 480_000).ToList();
        Assert.True(comparable.Count >= 3);

        var audio = scorer.EmbedAudio(comparable.Select(i => waves[i]).ToList(), batchSize: 3);
        var text = scorer.EmbedText(texts, batchSize: 2);
        var exp = Fixtures.Expected(name);
        var expAudio = exp["audio_embeds"].data<float>().ToArray();
        var expText = exp["text_embeds"].data<float>().ToArray();
        int d = audio.GetLength(1);

        double audioDiff = 0, textDiff = 0;
        for (int r = 0; r < comparable.Count; r++)
            for (int c = 0; c < d; c++)
                audioDiff = Math.Max(audioDiff, Math.Abs(audio[r, c] - expAudio[comparable[r] * d + c]));
        for (int r = 0; r < texts.Length; r++)
            for (int c = 0; c < d; c++)
                textDiff = Math.Max(textDiff, Math.Abs(text[r, c] - expText[r * d + c]));
        output.WriteLine($"{name}: audio embeds max |diff| {audioDiff:E2} over clips " +
                         $"[{string.Join(",", comparable)}], text embeds {textDiff:E2}");
        Assert.True(audioDiff < Tolerance, $"audio {audioDiff}");
        Assert.True(textDiff < Tolerance, $"text {textDiff}");
    }

    [Fact]
    public void PairScoresAreTheClampedCosinesOfTheEmbeddings()
    {
        using var scorer = ClapScorer.FromPretrained(Fixtures.Checkpoint("tiny_unfused"));
        var (audioNames, texts) = Fixtures.Meta("tiny_unfused");
        var pairs = audioNames
            .Select((a, i) => (Path.Combine(Fixtures.Checkpoint("tiny_unfused"), a + ".wav"), texts[i]))
            .ToList();
        var scored = scorer.ScoreFiles(pairs, batchSize: 3);
        var exp = Fixtures.Expected("tiny_unfused");
        using var cos = exp["audio_embeds"].mul(exp["text_embeds"][..4]).sum(1);
        for (int i = 0; i < pairs.Count; i++)
        {
            Assert.True(scored[i].Ok, scored[i].Error);
            Assert.Equal(cos[i].item<float>(), scored[i].Cosine!.Value, 3);
            Assert.Equal(Math.Max(0, scored[i].Cosine!.Value), scored[i].ClapScore!.Value, 12);
        }
        output.WriteLine(string.Join(", ", scored.Select(s => $"{s.Cosine:F4}")));
    }
}
