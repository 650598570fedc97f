using HumanClap.Tests.Support;
using System.Diagnostics;
using System.Security.Cryptography;
using HumanClap.Audio;
using HumanClap.Model;
using HumanClap.Synthetic;
using HumanClap.Text;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace HumanClap.Tests.Synthetic;

[Collection(SerialCollection.Name)]
public class ClapMiniTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "humanclap-mini-" + Guid.NewGuid().ToString("N"));
    private static readonly string[] Corpus =
    [
        "A loud rapid high-pitched beep followed by a low engine running",
        "Rain falling while a bell rings, then quiet clicking",
        "An electronic sound and some noise",
        "Birds chirping with wind in the background",
    ];

    public void Dispose() { if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true); }

    [Fact]
    public void CreatesAStrictlyLoadableCheckpointWithItsOwnTokenizer()
    {
        ClapMini.Create(_dir, 5, Corpus.Concat(Corpus)); // every word twice, so every word earns merges
        foreach (var f in new[]
                 { "config.json", "model.safetensors", "vocab.json", "merges.txt", "preprocessor_config.json" })
            Assert.True(File.Exists(Path.Combine(_dir, f)), f);

        using var model = ClapModel.FromPretrained(_dir);
        var tokenizer = ClapTokenizer.FromPretrained(_dir);
        foreach (var caption in Corpus.Append("Unseen words: zebra 42 ¿qué?"))
        {
            var ids = tokenizer.EncodeIds(caption, maxLength: null);
            Assert.DoesNotContain(3, ids); // <unk>
            Assert.All(ids, id => Assert.InRange(id, 0, model.Config.Text.VocabSize - 1));
        }
        // Merges learned from the corpus make frequent words short.
        Assert.True(tokenizer.EncodeIds(Corpus[0], null).Count < Corpus[0].Length / 2);

        var extractor = ClapFeatureExtractor.FromPretrained(_dir);
        var waves = new[]
        {
            new float[48_000 * 3], Enumerable.Range(0, 48_000 * 2).Select(i => (float)Math.Sin(i * 0.05)).ToArray(),
        };
        using var _ = torch.NewDisposeScope();
        using var features = extractor.Extract(waves);
        Assert.Equal(new long[] { 2, 1, 251, 64 }, features.InputFeatures.shape);
        using var noGrad = torch.no_grad();
        var audio = model.EncodeAudio(features.InputFeatures, features.IsLonger);
        var batch = tokenizer.Encode(Corpus[..2], TextPadding.Longest);
        var text = model.EncodeText(batch.InputIds, batch.AttentionMask);
        Assert.Equal(new long[] { 2, 128 }, audio.Embeds.shape);
        Assert.Equal(new long[] { 2, 128 }, text.Embeds.shape);
    }

    [Fact]
    public void SameSeedGivesIdenticalFiles()
    {
        ClapMini.Create(_dir, 9, Corpus);
        var other = _dir + "-b";
        try
        {
            ClapMini.Create(other, 9, Corpus);
            foreach (var f in Directory.GetFiles(_dir).Select(Path.GetFileName))
                Assert.Equal(SHA256.HashData(File.ReadAllBytes(Path.Combine(_dir, f!))),
                             SHA256.HashData(File.ReadAllBytes(Path.Combine(other, f!))));
        }
        finally { Directory.Delete(other, recursive: true); }
    }

    [Fact]
    public void EmptyCorpusIsAClearError() =>
        Assert.Contains("corpus", Assert.Throws<ArgumentException>(() => ClapMini.Create(_dir, 1, [])).Message);

    /// <summary>
    /// Reports the forward+backward time of a batch of 8 (features already extracted); only loosely bounded.
    /// </summary>
    [Fact]
    public void TrainStepIsCheapOnTwoCores()
    {
        ClapMini.Create(_dir, 1, Corpus);
        using var model = ClapModel.FromPretrained(_dir);
        model.train();
        var tokenizer = ClapTokenizer.FromPretrained(_dir);
        var optimizer = optim.AdamW(model.parameters(), 1e-4);
        var texts = Enumerable.Range(0, 8).Select(i => Corpus[i % Corpus.Length]).ToArray();
        double Step()
        {
            using var scope = torch.NewDisposeScope();
            var clock = Stopwatch.StartNew();
            var features = torch.randn(8, 1, 251, 64);
            var batch = tokenizer.Encode(texts, TextPadding.Longest);
            var a = model.EncodeAudio(features).Embeds;
            var t = model.EncodeText(batch.InputIds, batch.AttentionMask).Embeds;
            var (perAudio, perText) = model.Logits(a, t);
            var labels = torch.arange(8);
            var loss = (nn.functional.cross_entropy(perAudio, labels)
                        + nn.functional.cross_entropy(perText, labels)) / 2;
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            return clock.Elapsed.TotalSeconds;
        }
        Step();
        var times = Enumerable.Range(0, 5).Select(_ => Step()).Order().ToList();
        output.WriteLine($"clap-mini train step (batch 8, fwd+bwd+AdamW): median {times[2] * 1000:F0} ms, " +
                         $"threads {torch.get_num_threads()}");
        // Loose bound: the shared build machine can be heavily loaded; the report carries the measured number.
        Assert.True(times[2] < 30.0, $"median step {times[2]:F2} s");
    }
}
