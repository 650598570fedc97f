using System.Text.Json;
using HumanClap.Tests.Support;
using HumanClap.Text;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace HumanClap.Tests.Text;

/// <summary>Our BERT uncased tokenizer gives the ids msclap 2022 builds (HF BertTokenizer).</summary>
public class BertWordPieceTokenizerTests(ITestOutputHelper output)
{
    private static BertWordPieceTokenizer Tokenizer() =>
        BertWordPieceTokenizer.FromVocabulary(Path.Combine(MsClapFixtures.TokenizerDir, "vocab.txt"));

    [Fact]
    public void IdsEqualHuggingFaceOnAllReferenceTexts()
    {
        var tok = Tokenizer();
        using var doc = MsClapFixtures.Json("tokenizer", "expected_ids.json");
        var cases = doc.RootElement.GetProperty("texts").EnumerateArray().ToList();
        Assert.Equal(22, cases.Count);
        var mismatches = new List<string>();
        foreach (var c in cases)
        {
            var text = c.GetProperty("text").GetString()!;
            var expected = c.GetProperty("msclap_2022").GetProperty("ids").EnumerateArray()
                .Select(e => e.GetInt32()).ToArray();
            var actual = tok.EncodeIds(text).ToArray();
            if (!expected.SequenceEqual(actual))
                mismatches.Add($"{JsonSerializer.Serialize(text)}: expected [{string.Join(",", expected)}], " +
                               $"got [{string.Join(",", actual)}]");
        }
        foreach (var m in mismatches) output.WriteLine(m);
        Assert.Empty(mismatches);
    }

    [Fact]
    public void PaddedBatchAndLongTextEqualMsclapTensors()
    {
        using var scope = NewDisposeScope();
        var texts = MetaTexts();
        var exp = MsClapFixtures.Expected("tiny_2022");
        var groups = Tokenizer().EncodeAsMsClap(texts);

        Assert.Equal(2, groups.Count);
        Assert.Equal([0, 1, 2, 3, 4], groups[0].Rows);
        AssertEqual(exp["input_ids"], groups[0].Batch.InputIds);
        AssertEqual(exp["attention_mask"], groups[0].Batch.AttentionMask);
        AssertEqual(exp["token_type_ids"], groups[0].Batch.TokenTypeIds!);
        Assert.Equal([5], groups[1].Rows);
        AssertEqual(exp["long_input_ids"], groups[1].Batch.InputIds);
        AssertEqual(exp["long_attention_mask"], groups[1].Batch.AttentionMask);
        AssertEqual(exp["long_token_type_ids"], groups[1].Batch.TokenTypeIds!);
        foreach (var g in groups) g.Batch.Dispose();
    }

    [Theory]
    [InlineData("dog\u00A0barks\rloud", "dog barks loud")]       // Zs and \r separate words
    [InlineData("do\u200Bg\u0007 \uFFFD", "dog")]              // format, control and U+FFFD are dropped
    [InlineData("[cls] x", "[ cls ] x")]                      // only the exact-case special token is special
    [InlineData("\u00C9T\u00C9", "ete")]                       // lower-cased and accent-stripped
    [InlineData("a\u3000b\u4E16c", "a b \u4E16 c")]             // ideographic space; ideographs split off
    public void RulesGiveTheSameIdsAsTheirPlainEquivalent(string text, string equivalent)
    {
        var tok = Tokenizer();
        Assert.Equal(tok.EncodeIds(equivalent), tok.EncodeIds(text));
    }

    [Fact]
    public void WordsOverOneHundredCharactersAreUnknown()
    {
        var tok = Tokenizer();
        Assert.DoesNotContain(tok.UnknownId, tok.EncodeIds(new string('x', 100)));
        Assert.Equal([tok.ClsId, tok.UnknownId, tok.SepId], tok.EncodeIds(new string('x', 101)));
    }

    [Fact]
    public void EncodeNamesTheTextThatDoesNotFit()
    {
        var texts = MetaTexts();
        var e = Assert.Throws<ArgumentException>(() => Tokenizer().Encode(texts));
        Assert.Contains("text 5 has 121 BERT tokens", e.Message);
    }

    [Fact]
    public void MissingVocabularyIsNamed()
    {
        var path = Path.Combine(MsClapFixtures.TokenizerDir, "no-such-vocab.txt");
        var e = Assert.Throws<HumanClap.Common.MissingFileException>(() => BertWordPieceTokenizer.FromVocabulary(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void VocabularyWithoutSpecialTokensIsRejected()
    {
        var path = Path.Combine(TempFolder(), "vocab.txt");
        File.WriteAllLines(path, ["[PAD]", "[UNK]", "hello"]);
        var e = Assert.Throws<HumanClap.Common.UserInputException>(() => BertWordPieceTokenizer.FromVocabulary(path));
        Assert.Contains("[CLS]", e.Message);
    }

    private static string TempFolder() => HumanClap.Tests.Common.TestPaths.TempDir();

    private static string[] MetaTexts()
    {
        using var doc = MsClapFixtures.Json("tiny_2022", "meta.json");
        return doc.RootElement.GetProperty("texts").EnumerateArray().Select(e => e.GetString()!).ToArray();
    }

    private static void AssertEqual(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.shape, actual.shape);
        Assert.Equal(ScalarType.Int64, actual.dtype);
        Assert.Equal(expected.data<long>().ToArray(), actual.data<long>().ToArray());
    }
}
