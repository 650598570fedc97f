using HumanClap.Model.MsClap;
using HumanClap.Tests.Support;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace HumanClap.Tests.Model.MsClap;

/// <summary>msclap 2023 (HTSAT + GPT-2), stage by stage against msclap's own outputs (tests/fixtures/msclap-parity,
/// tolerances from its README): each stage is fed the reference's previous stage as stored.</summary>
public class MsClap2023ParityTests(ITestOutputHelper output)
{
    private const string Name = "tiny_2023";
    private const double StageTolerance = 1e-4;

    [Fact]
    public void HtsatStagesMatchReference()
    {
        using var scope = NewDisposeScope();
        using var model = MsClapCheckpoint.Load(MsClapFixtures.Dir(Name));
        var exp = MsClapFixtures.Expected(Name);
        var clips = tensor(MsClapMeta.Read(Name).IntermediateClips.Select(i => (long)i).ToArray());
        using var _ = no_grad();
        var htsat = model.Htsat;
        var report = new ToleranceReport(output);
        // Bicubic interpolation of bn0 values in the tens: libtorch 2.x and torch 1.13 round differently by ~1e-4.
        report.CheckScaled("image", htsat.ToImage(exp["bn0"]), exp["image"], StageTolerance);
        report.Check("patch_embed", htsat.PatchEmbedding(exp["image"]), exp["patch_embed"], StageTolerance);
        var previous = exp["patch_embed"];
        for (int i = 0; i < 4; i++)
        {
            report.Check($"stage{i}", htsat.Layer(i, previous), exp[$"stage{i}"], StageTolerance);
            previous = exp[$"stage{i}"];
        }
        report.Check("final_norm", htsat.FinalNorm(exp["stage3"]), exp["final_norm"], StageTolerance);
        var (embedding, clipwise) = htsat.Heads(exp["final_norm"]);
        report.Check("embedding (from final_norm)", embedding, exp["embedding"].index_select(0, clips), StageTolerance);
        report.Check("clipwise_output (from final_norm)", clipwise, exp["clipwise_output"].index_select(0, clips),
            StageTolerance);
        report.Check("audio_embeds (from embedding)", model.AudioEncoder.Projection.forward(exp["embedding"]),
            exp["audio_embeds"], StageTolerance);
        report.Assert();
    }

    [Fact]
    public void AudioEmbeddingsFromReferenceWaveformMatch()
    {
        using var scope = NewDisposeScope();
        using var model = MsClapCheckpoint.Load(MsClapFixtures.Dir(Name));
        var exp = MsClapFixtures.Expected(Name);
        using var _ = no_grad();
        var (features, projected) = model.AudioEncoder.forward(exp["waveform"]);
        var report = new ToleranceReport(output);
        report.Check("embedding (from waveform)", features.Embedding, exp["embedding"], 1e-3);
        report.Check("clipwise_output (from waveform)", features.ClipwiseOutput, exp["clipwise_output"], 1e-3);
        report.Check("audio_embeds (from waveform)", projected, exp["audio_embeds"], 1e-3);
        report.Assert();
    }

    [Fact]
    public void TextStagesAndEmbeddingsMatchReference()
    {
        using var scope = NewDisposeScope();
        using var model = MsClapCheckpoint.Load(MsClapFixtures.Dir(Name));
        var exp = MsClapFixtures.Expected(Name);
        using var _ = no_grad();
        var report = new ToleranceReport(output);
        var gpt2 = model.Gpt2.forward(exp["input_ids"], exp["attention_mask"], keepHiddenStates: true);
        for (int k = 0; k < gpt2.HiddenStates!.Count; k++)
            report.Check($"text_hidden_state_{k}", gpt2.HiddenStates[k], exp[$"text_hidden_state_{k}"], StageTolerance);
        var longOut = model.Gpt2.forward(exp["long_input_ids"], exp["long_attention_mask"]);
        report.Check("long_text_last_hidden_state", longOut.LastHiddenState, exp["long_text_last_hidden_state"],
            StageTolerance);

        var index = cat(new[] { Gpt2TextEncoder.PooledIndex(exp["input_ids"]),
            Gpt2TextEncoder.PooledIndex(exp["long_input_ids"]) });
        Assert.Equal(exp["text_pooled_index"].data<long>().ToArray(), index.data<long>().ToArray());

        var (pooled, projected) = model.CaptionEncoder.forward(exp["input_ids"], exp["attention_mask"]);
        var (longPooled, longProjected) = model.CaptionEncoder.forward(exp["long_input_ids"],
            exp["long_attention_mask"]);
        report.Check("text_pooled", cat(new[] { pooled, longPooled }), exp["text_pooled"], StageTolerance);
        report.Check("text_embeds", cat(new[] { projected, longProjected }), exp["text_embeds"], StageTolerance);
        report.Check("text_embeds (from stored pooled)", model.CaptionEncoder.Projection.forward(exp["text_pooled"]),
            exp["text_embeds"], StageTolerance);

        var similarity = model.Similarity(exp["audio_embeds"], exp["text_embeds"]);
        report.Check("similarity (from stored embeds)", similarity, exp["similarity"], StageTolerance);
        report.Check("logit_scale", model.LogitScale, exp["logit_scale"], 0);
        report.Assert();
    }
}
