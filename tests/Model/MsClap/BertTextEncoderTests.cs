using HumanClap.Model.MsClap;
using HumanClap.Tests.Support;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace HumanClap.Tests.Model.MsClap;

/// <summary>Fed msclap's token ids, masks and type ids, every BERT stage matches msclap 2022 (tiny_2022).</summary>
public class BertTextEncoderTests(ITestOutputHelper output)
{
    private const string Fixture = "tiny_2022";
    private const double Tolerance = 1e-4;

    internal static BertTextEncoder TinyEncoder()
    {
        using var doc = MsClapFixtures.Json(Fixture, "msclap_config.json");
        var t = doc.RootElement.GetProperty("text_model");
        int Int(string key) => t.GetProperty(key).GetInt32();
        var cfg = BertTextEncoder.BertUncasedConfig(Int("hidden_size"), Int("num_hidden_layers"),
            Int("num_attention_heads"), Int("intermediate_size"));
        Assert.Equal((cfg.VocabSize, cfg.TypeVocabSize, cfg.MaxPositionEmbeddings, cfg.LayerNormEps),
            (Int("vocab_size"), Int("type_vocab_size"), Int("max_position_embeddings"),
             t.GetProperty("layer_norm_eps").GetDouble()));
        var encoder = new BertTextEncoder(cfg);
        MsClapFixtures.LoadSubModule(encoder, Fixture, "caption_encoder.base.");
        return encoder;
    }

    [Fact]
    public void HiddenStatesAndClsStateMatchMsclap()
    {
        using var scope = NewDisposeScope();
        using var encoder = TinyEncoder();
        var exp = MsClapFixtures.Expected(Fixture);
        using var _ = inference_mode();
        var result = encoder.forward(exp["input_ids"], exp["attention_mask"], exp["token_type_ids"],
            keepHiddenStates: true);

        var failures = new List<string>();
        var states = result.HiddenStates!;
        var stored = exp.Keys.Count(k => k.StartsWith("text_hidden_state_", StringComparison.Ordinal));
        Assert.Equal(stored, states.Count);
        for (int k = 0; k < states.Count; k++)
            Check(failures, $"text_hidden_state_{k}", states[k], exp[$"text_hidden_state_{k}"]);
        Check(failures, "text_pooled[0..5]", result.ClsState, exp["text_pooled"][..5]);
        Assert.Equal(new long[] { 0, 0, 0, 0, 0, 0 }, exp["text_pooled_index"].data<long>().ToArray());
        Assert.True(failures.Count == 0, "over tolerance: " + string.Join(", ", failures));
    }

    [Fact]
    public void LongTextAloneMatchesMsclap()
    {
        using var scope = NewDisposeScope();
        using var encoder = TinyEncoder();
        var exp = MsClapFixtures.Expected(Fixture);
        using var _ = inference_mode();
        var ids = exp["long_input_ids"];
        Assert.Equal(121, ids.shape[1]);
        var result = encoder.forward(ids, exp["long_attention_mask"], exp["long_token_type_ids"]);
        var failures = new List<string>();
        Check(failures, "long_text_last_hidden_state", result.LastHiddenState, exp["long_text_last_hidden_state"]);
        Check(failures, "text_pooled[5]", result.ClsState, exp["text_pooled"][5..]);
        Assert.True(failures.Count == 0, "over tolerance: " + string.Join(", ", failures));
    }

    [Fact]
    public void MoreTokensThanPositionsIsAClearError()
    {
        using var encoder = new BertTextEncoder(BertTextEncoder.BertUncasedConfig(8, 1, 2, 16));
        using var ids = zeros(1, 513, ScalarType.Int64);
        var e = Assert.Throws<ArgumentException>(() => encoder.forward(ids, ones_like(ids), zeros_like(ids)));
        Assert.Contains("513", e.Message);
    }

    private void Check(List<string> failures, string name, Tensor actual, Tensor expected)
    {
        var d = Fixtures.MaxAbsDiff(actual, expected);
        output.WriteLine($"{name,-20} max |diff| = {d:E2}");
        if (!(d < Tolerance)) failures.Add($"{name}: {d:E3}");
    }
}
