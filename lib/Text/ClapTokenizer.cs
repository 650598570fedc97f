using System.Text.Json;
using Microsoft.ML.Tokenizers;
using static TorchSharp.torch;
using HumanClap.Common;

namespace HumanClap.Text;

/// <summary>
/// CLAP's text tokenizer: RoBERTa byte-level BPE (GPT-2 byte-to-unicode mapping, GPT-2 regex
/// pre-tokenizer, no prefix space) read from a checkpoint's <c>vocab.json</c> + <c>merges.txt</c>.
/// Sequences are <c>&lt;s&gt; tokens &lt;/s&gt;</c>, truncated to the maximum length (keeping
/// <c>&lt;/s&gt;</c> last, as Hugging Face's RobertaTokenizer does) and padded with the pad id.
/// </summary>
public sealed class ClapTokenizer
{
    /// <summary>The maximum sequence length LAION's CLAP uses.</summary>
    public const int DefaultMaxLength = 77;

    private readonly BpeTokenizer _bpe;

    /// <summary>Id of <c>&lt;s&gt;</c> (beginning of sequence).</summary>
    public int BosId { get; }
    /// <summary>Id of <c>&lt;/s&gt;</c> (end of sequence).</summary>
    public int EosId { get; }
    /// <summary>Id of <c>&lt;pad&gt;</c>.</summary>
    public int PadId { get; }

    private ClapTokenizer(BpeTokenizer bpe, int bos, int eos, int pad)
    {
        _bpe = bpe;
        BosId = bos;
        EosId = eos;
        PadId = pad;
    }

    /// <summary>Loads <c>vocab.json</c> and <c>merges.txt</c> from a checkpoint folder.</summary>
    /// <exception cref="FileNotFoundException">A file is missing (message names it).</exception>
    /// <exception cref="InvalidDataException">vocab.json is not a JSON object of ids or lacks a special
    /// token.</exception>
    public static ClapTokenizer FromPretrained(string checkpointDir)
    {
        string vocabPath = Path.Combine(checkpointDir, "vocab.json");
        string mergesPath = Path.Combine(checkpointDir, "merges.txt");
        foreach (var p in new[] { vocabPath, mergesPath })
            if (!File.Exists(p)) throw new MissingFileException($"Tokenizer file not found: {p}", p);

        var vocab = ReadVocabulary(vocabPath);
        int Special(string token) => vocab.TryGetValue(token, out int id)
            ? id
            : throw new UserInputException($"{vocabPath}: special token \"{token}\" is missing from the vocabulary");
        int bos = Special("<s>"), eos = Special("</s>"), pad = Special("<pad>");

        // Registering the special tokens makes a literal "<s>" in a caption map to its id, as in HF.
        var specials = new Dictionary<string, int>();
        foreach (var t in new[] { "<s>", "</s>", "<pad>", "<unk>", "<mask>" })
            if (vocab.TryGetValue(t, out int id)) specials[t] = id;

        var options = new BpeOptions(vocabPath, mergesPath)
        {
            ByteLevel = true,
            PreTokenizer = new RegexPreTokenizer(Gpt2PreTokenizer.Splitter, specials),
            SpecialTokens = specials,
        };
        BpeTokenizer bpe;
        try { bpe = BpeTokenizer.Create(options); }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new UserInputException(
                $"Cannot build the BPE tokenizer from {vocabPath} and {mergesPath}: {e.Message}", e);
        }
        return new ClapTokenizer(bpe, bos, eos, pad);
    }

    private static Dictionary<string, int> ReadVocabulary(string vocabPath)
    {
        try
        {
            using var stream = File.OpenRead(vocabPath);
            return JsonSerializer.Deserialize<Dictionary<string, int>>(stream)
                   ?? throw new UserInputException($"{vocabPath}: empty vocabulary");
        }
        catch (JsonException e)
        {
            throw new UserInputException($"{vocabPath}: not a JSON object of token -> id ({e.Message})", e);
        }
    }

    /// <summary>
    /// Ids of one text as <c>&lt;s&gt; tokens &lt;/s&gt;</c>, truncated to <paramref name="maxLength"/>
    /// (null: no truncation) with <c>&lt;/s&gt;</c> kept last.
    /// </summary>
    /// <exception cref="ArgumentException">The text is null, empty or only whitespace.</exception>
    public IReadOnlyList<int> EncodeIds(string text, int? maxLength = DefaultMaxLength)
    {
        if (string.IsNullOrWhiteSpace(text))
            throw new ArgumentException("Text is empty or whitespace only.", nameof(text));
        if (maxLength is < 2)
            throw new ArgumentOutOfRangeException(nameof(maxLength), "must be at least 2 (<s> and </s>)");

        var body = _bpe.EncodeToIds(text);
        int keep = maxLength is int m ? Math.Min(body.Count, m - 2) : body.Count;
        var ids = new List<int>(keep + 2) { BosId };
        for (int i = 0; i < keep; i++) ids.Add(body[i]);
        ids.Add(EosId);
        return ids;
    }

    /// <summary>
    /// Tokenizes a batch: each row is <c>&lt;s&gt; tokens &lt;/s&gt;</c> truncated to <paramref name="maxLength"/>,
    /// padded with <see cref="PadId"/> to <paramref name="maxLength"/> or to the longest row.
    /// </summary>
    /// <returns>int64 (B, L) ids and attention mask (1 for real tokens, 0 for padding).</returns>
    /// <exception cref="ArgumentException">A text is null, empty or whitespace; the message names its
    /// index.</exception>
    internal TokenBatch Encode(IReadOnlyList<string> texts, TextPadding padding = TextPadding.MaxLength,
                             int maxLength = DefaultMaxLength)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (texts.Count == 0) throw new ArgumentException("No texts to encode.", nameof(texts));

        var rows = new IReadOnlyList<int>[texts.Count];
        for (int i = 0; i < texts.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(texts[i]))
                throw new ArgumentException($"Text at index {i} is empty or whitespace only.", nameof(texts));
            rows[i] = EncodeIds(texts[i], maxLength);
        }

        int width = padding == TextPadding.MaxLength ? maxLength : rows.Max(r => r.Count);
        return TokenBatch.Pad(rows, width, PadId);
    }
}
