using HumanClap.Audio;
using HumanClap.Model.MsClap;
using HumanClap.Tests.Support;
using HumanClap.Text;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace HumanClap.Tests.Model.MsClap;

/// <summary>Both msclap versions through the whole model: from the reference waveform, from the reference ids, and
/// end to end from the WAV files (meta.json's crop offsets) and the texts.</summary>
public class MsClapEndToEndTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("tiny_2023")]
    [InlineData("tiny_2022")]
    public void EmbeddingsFromReferenceInputsMatch(string name)
    {
        using var scope = NewDisposeScope();
        using var model = MsClapCheckpoint.Load(MsClapFixtures.Dir(name));
        var exp = MsClapFixtures.Expected(name);
        using var _ = no_grad();
        var report = new ToleranceReport(output);
        var (features, audio) = model.AudioEncoder.forward(exp["waveform"]);
        report.Check("embedding (from waveform)", features.Embedding, exp["embedding"], 1e-3);
        report.Check("audio_embeds (from waveform)", audio, exp["audio_embeds"], 1e-3);
        report.Check("audio_embeds (from stored embedding)", model.AudioEncoder.Projection.forward(exp["embedding"]),
            exp["audio_embeds"], 1e-4);
        var text = cat(new[]
        {
            model.EmbedText(exp["input_ids"], exp["attention_mask"]),
            model.EmbedText(exp["long_input_ids"], exp["long_attention_mask"]),
        });
        report.Check("text_embeds (from ids)", text, exp["text_embeds"], 1e-4);
        report.Check("text_embeds (from stored pooled)", model.CaptionEncoder.Projection.forward(exp["text_pooled"]),
            exp["text_embeds"], 1e-4);
        report.Check("similarity", model.Similarity(audio, text), exp["similarity"], 1e-3);
        report.Assert();
    }

    [Theory]
    [InlineData("tiny_2023")]
    [InlineData("tiny_2022")]
    public void CosinesFromWavFilesAndTextsMatch(string name)
    {
        using var scope = NewDisposeScope();
        using var model = MsClapCheckpoint.Load(MsClapFixtures.Dir(name));
        var exp = MsClapFixtures.Expected(name);
        var meta = MsClapMeta.Read(name);
        using var _ = no_grad();
        var audio = model.EmbedAudio(meta.Waveforms(model.Config.ClipSamples));
        var groups = model.Config.Is2023
            ? new MsClapGpt2Tokenizer().Batch(meta.Texts)
            : BertWordPieceTokenizer.FromVocabulary(Path.Combine(MsClapFixtures.TokenizerDir, "vocab.txt"))
                .EncodeAsMsClap(meta.Texts);
        var text = zeros(meta.Texts.Length, model.Config.DProj);
        foreach (var g in groups)
        {
            text.index_copy_(0, tensor(g.Rows.Select(r => (long)r).ToArray()),
                model.EmbedText(g.Batch.InputIds, g.Batch.AttentionMask));
            g.Batch.Dispose();
        }
        var cosine = nn.functional.normalize(audio, dim: -1).matmul(nn.functional.normalize(text, dim: -1).t());
        var report = new ToleranceReport(output);
        report.Check("text_embeds (from texts)", text, exp["text_embeds"], 1e-4);
        report.Check("audio_embeds (from WAV files)", audio, exp["audio_embeds"], 1e-3);
        report.Check("cosine (end to end)", cosine, exp["cosine"], 1e-3);
        report.Assert();
    }
}
