using System.Text.Json;
using HumanClap.Tests.Support;
using HumanClap.Text;
using Microsoft.ML.Tokenizers;
using static TorchSharp.torch;

namespace HumanClap.Tests.Text;

/// <summary>msclap 2023's GPT-2 ids for the 22 texts of tokenizer/expected_ids.json, and its padding rules.</summary>
public class MsClapGpt2TokenizerTests
{
    private static readonly MsClapGpt2Tokenizer Tokenizer = new();

    private static List<JsonElement> Texts()
    {
        var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(MsClapFixtures.TokenizerDir, "expected_ids.json")));
        return doc.RootElement.GetProperty("texts").EnumerateArray().ToList();
    }

    private static int[] Ids(JsonElement e) =>
        e.GetProperty("ids").EnumerateArray().Select(i => i.GetInt32()).ToArray();

    [Fact]
    public void MsclapIdsMatchAll22Texts()
    {
        var texts = Texts();
        Assert.Equal(22, texts.Count);
        foreach (var t in texts)
            Assert.Equal(Ids(t.GetProperty("msclap_2023")),
                Tokenizer.Encode(t.GetProperty("text").GetString()!).ToArray());
    }

    [Fact]
    public void StockGpt2IdsMatchAll22Texts()
    {
        var gpt2 = TiktokenTokenizer.CreateForModel("gpt2");
        foreach (var t in Texts())
            Assert.Equal(Ids(t.GetProperty("gpt2_plain")),
                gpt2.EncodeToIds(t.GetProperty("text").GetString()!).ToArray());
    }

    [Fact]
    public void PooledIndexAfterPaddingMatches()
    {
        using var scope = NewDisposeScope();
        foreach (var t in Texts())
        {
            var m = t.GetProperty("msclap_2023");
            if (!m.GetProperty("padded_to_77").GetBoolean()) continue;
            using var groups = new DisposableList(Tokenizer.Batch([t.GetProperty("text").GetString()!]));
            var index = HumanClap.Model.MsClap.Gpt2TextEncoder.PooledIndex(groups.Items[0].Batch.InputIds);
            Assert.Equal(m.GetProperty("pooled_index").GetInt64(), index.item<long>());
        }
    }

    [Fact]
    public void BatchMatchesReferenceIdsAndMasksAndKeepsLongTextAlone()
    {
        using var scope = NewDisposeScope();
        var exp = MsClapFixtures.Expected("tiny_2023");
        var texts = HumanClap.Tests.Model.MsClap.MsClapMeta.Read("tiny_2023").Texts;
        using var groups = new DisposableList(Tokenizer.Batch(texts));
        Assert.Equal(2, groups.Items.Count);
        Assert.Equal([0, 1, 2, 3, 4], groups.Items[0].Rows);
        Assert.Equal([5], groups.Items[1].Rows);
        AssertEqual(exp["input_ids"], groups.Items[0].Batch.InputIds);
        AssertEqual(exp["attention_mask"], groups.Items[0].Batch.AttentionMask);
        AssertEqual(exp["long_input_ids"], groups.Items[1].Batch.InputIds);
        AssertEqual(exp["long_attention_mask"], groups.Items[1].Batch.AttentionMask);
    }

    private static void AssertEqual(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.shape, actual.shape);
        Assert.Equal(expected.data<long>().ToArray(), actual.data<long>().ToArray());
    }

    private sealed class DisposableList(IReadOnlyList<TokenBatchGroup> items) : IDisposable
    {
        public IReadOnlyList<TokenBatchGroup> Items { get; } = items;
        public void Dispose() { foreach (var g in Items) g.Batch.Dispose(); }
    }
}
