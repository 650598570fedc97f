using System.Text.Json;
using HumanClap.Model;
using HumanClap.Text;
using TorchSharp;

namespace HumanClap.Tests.Text;

public class ClapTokenizerTests
{
    private static string Fixture(params string[] parts) =>
        Path.Combine([AppContext.BaseDirectory, "fixtures", "clap-parity", .. parts]);

    private static string[] MetaTexts(string model)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixture(model, "meta.json")));
        return doc.RootElement.GetProperty("texts").EnumerateArray().Select(e => e.GetString()!).ToArray();
    }

    private static long[,] ToMatrix(torch.Tensor t)
    {
        var flat = t.to_type(torch.ScalarType.Int64).data<long>().ToArray();
        int rows = (int)t.shape[0], cols = (int)t.shape[1];
        var m = new long[rows, cols];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) m[i, j] = flat[i * cols + j];
        return m;
    }

    [Fact]
    public void IdsWithoutPaddingEqualReferenceIds()
    {
        var tok = ClapTokenizer.FromPretrained(Fixture("tokenizer"));
        var expected = JsonSerializer.Deserialize<Dictionary<string, int[]>>(
            File.ReadAllText(Fixture("tokenizer", "expected_ids.json")))!;
        Assert.Equal(5, expected.Count);
        foreach (var (text, ids) in expected)
            Assert.Equal(ids, tok.EncodeIds(text, maxLength: null));
    }

    [Fact]
    public void PaddedToMaxLengthEqualsFixtureIdsAndMask()
    {
        var tok = ClapTokenizer.FromPretrained(Fixture("tiny_unfused"));
        var texts = MetaTexts("tiny_unfused");
        var expected = SafetensorsIO.Load(Fixture("tiny_unfused", "expected.safetensors"),
            ["input_ids", "attention_mask"]);
        using var batch = tok.Encode(texts);
        Assert.Equal(new long[] { texts.Length, 77 }, batch.InputIds.shape);
        Assert.Equal(torch.ScalarType.Int64, batch.InputIds.dtype);
        Assert.Equal(ToMatrix(expected["input_ids"]), ToMatrix(batch.InputIds));
        Assert.Equal(ToMatrix(expected["attention_mask"]), ToMatrix(batch.AttentionMask));
        foreach (var t in expected.Values) t.Dispose();
    }

    [Fact]
    public void LongestPaddingEqualsFixtureDynamicPad()
    {
        var tok = ClapTokenizer.FromPretrained(Fixture("tiny_unfused"));
        var texts = MetaTexts("tiny_unfused").Take(4).ToArray();
        var expected = SafetensorsIO.Load(Fixture("tiny_unfused", "expected.safetensors"),
            ["input_ids_dynamic_pad"]);
        using var batch = tok.Encode(texts, TextPadding.Longest);
        Assert.Equal(ToMatrix(expected["input_ids_dynamic_pad"]), ToMatrix(batch.InputIds));
        // The mask marks exactly the non-pad positions of each row (no text here contains a pad token).
        var ids = ToMatrix(batch.InputIds);
        var mask = ToMatrix(batch.AttentionMask);
        for (int i = 0; i < ids.GetLength(0); i++)
            for (int j = 0; j < ids.GetLength(1); j++)
                Assert.Equal(ids[i, j] == tok.PadId ? 0 : 1, mask[i, j]);
    }

    [Fact]
    public void LongTextIsTruncatedTo77EndingInEos()
    {
        var tok = ClapTokenizer.FromPretrained(Fixture("tiny_unfused"));
        string longText = MetaTexts("tiny_unfused")[4];
        var full = tok.EncodeIds(longText, maxLength: null);
        Assert.True(full.Count > 77, $"the fixture's long text should exceed 77 tokens, has {full.Count}");

        var cut = tok.EncodeIds(longText);
        Assert.Equal(77, cut.Count);
        Assert.Equal(tok.BosId, cut[0]);
        Assert.Equal(tok.EosId, cut[76]);
        Assert.Equal(full.Take(76), cut.Take(76));

        using var batch = tok.Encode([longText], TextPadding.Longest);
        Assert.Equal(new long[] { 1, 77 }, batch.InputIds.shape);
        Assert.Equal(77L, batch.AttentionMask.sum().item<long>());
    }

    [Fact]
    public void SpecialIdsComeFromVocabulary()
    {
        var tok = ClapTokenizer.FromPretrained(Fixture("tokenizer"));
        Assert.Equal((0, 2, 1), (tok.BosId, tok.EosId, tok.PadId));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \t ")]
    public void EmptyTextIsRejectedWithItsIndex(string bad)
    {
        var tok = ClapTokenizer.FromPretrained(Fixture("tokenizer"));
        var e = Assert.Throws<ArgumentException>(() => tok.Encode(["a dog", "rain", bad]));
        Assert.Contains("index 2", e.Message);
    }

    [Fact]
    public void MissingVocabularyNamesTheFile()
    {
        string dir = Directory.CreateTempSubdirectory("clap-tok").FullName;
        try
        {
            var e = Assert.Throws<HumanClap.Common.MissingFileException>(() => ClapTokenizer.FromPretrained(dir));
            Assert.Contains("vocab.json", e.Message);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void VocabularyWithoutPadTokenIsRejected()
    {
        string dir = Directory.CreateTempSubdirectory("clap-tok").FullName;
        try
        {
            var vocab = JsonSerializer.Deserialize<Dictionary<string, int>>(
                File.ReadAllText(Fixture("tokenizer", "vocab.json")))!;
            vocab.Remove("<pad>");
            File.WriteAllText(Path.Combine(dir, "vocab.json"), JsonSerializer.Serialize(vocab));
            File.Copy(Fixture("tokenizer", "merges.txt"), Path.Combine(dir, "merges.txt"));
            var e = Assert.Throws<HumanClap.Common.UserInputException>(() => ClapTokenizer.FromPretrained(dir));
            Assert.Contains("<pad>", e.Message);
            Assert.Contains("vocab.json", e.Message);
        }
        finally { Directory.Delete(dir, true); }
    }
}
