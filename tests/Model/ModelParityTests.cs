using HumanClap.Model;
using HumanClap.Tests.Support;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace HumanClap.Tests.Model;

/// <summary>Fed the reference's inputs, every stage of our CLAP matches transformers 5.17 within 1e-4.</summary>
public class ModelParityTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-4;

    [Theory]
    [InlineData("tiny_unfused")]
    [InlineData("tiny_fused")]
    public void AudioStagesMatchReference(string name)
    {
        using var scope = NewDisposeScope();
        using var model = ClapModel.FromPretrained(Fixtures.Checkpoint(name));
        var exp = Fixtures.Expected(name);
        using var _ = no_grad();
        var audio = model.EncodeAudio(exp["input_features"], exp["is_longer"], outputHiddenStates: true);

        var checks = new List<(string, Tensor, Tensor)>();
        for (int i = 0; i < audio.Encoder.HiddenStates!.Count; i++)
            checks.Add(($"audio_hidden_state_{i}", audio.Encoder.HiddenStates[i], exp[$"audio_hidden_state_{i}"]));
        checks.Add(("audio_last_hidden_state", audio.Encoder.LastHiddenState, exp["audio_last_hidden_state"]));
        checks.Add(("audio_pooler_output", audio.Encoder.PoolerOutput, exp["audio_pooler_output"]));
        checks.Add(("audio_projected", audio.Projected, exp["audio_projected"]));
        checks.Add(("audio_embeds", audio.Embeds, exp["audio_embeds"]));
        AssertAllClose(checks);
    }

    [Theory]
    [InlineData("tiny_unfused")]
    [InlineData("tiny_fused")]
    public void TextStagesAndLogitsMatchReference(string name)
    {
        using var scope = NewDisposeScope();
        using var model = ClapModel.FromPretrained(Fixtures.Checkpoint(name));
        var exp = Fixtures.Expected(name);
        using var _ = no_grad();
        var text = model.EncodeText(exp["input_ids"], exp["attention_mask"]);
        var (perAudio, perText) = model.Logits(exp["audio_embeds"], text.Embeds);
        AssertAllClose(new List<(string, Tensor, Tensor)>
        {
            ("text_last_hidden_state", text.Encoder.LastHiddenState, exp["text_last_hidden_state"]),
            ("text_pooler_output", text.Encoder.PoolerOutput, exp["text_pooler_output"]),
            ("text_projected", text.Projected, exp["text_projected"]),
            ("text_embeds", text.Embeds, exp["text_embeds"]),
            ("logits_per_audio", perAudio, exp["logits_per_audio"]),
            ("logits_per_text", perText, exp["logits_per_text"]),
        });
    }

    [Fact]
    public void DynamicPaddingGivesTheSameTextEmbeddings()
    {
        using var scope = NewDisposeScope();
        using var model = ClapModel.FromPretrained(Fixtures.Checkpoint("tiny_unfused"));
        var exp = Fixtures.Expected("tiny_unfused");
        using var _ = no_grad();
        var ids = exp["input_ids_dynamic_pad"];
        var mask = ids.ne(1).to(ScalarType.Int64);
        var text = model.EncodeText(ids, mask);
        var reference = exp["text_embeds"][..4];
        var diff = Fixtures.MaxAbsDiff(text.Embeds, reference);
        output.WriteLine($"dynamic padding vs 77: max |diff| = {diff:E2}");
        Assert.True(diff < Tolerance, $"max diff {diff}");
    }

    private void AssertAllClose(List<(string Name, Tensor Actual, Tensor Expected)> checks)
    {
        var failures = new List<string>();
        foreach (var (n, a, e) in checks)
        {
            var d = Fixtures.MaxAbsDiff(a, e);
            output.WriteLine($"{n,-26} max |diff| = {d:E2}");
            if (!(d < Tolerance)) failures.Add($"{n}: {d:E3}");
        }
        Assert.True(failures.Count == 0, "over tolerance: " + string.Join(", ", failures));
    }
}
