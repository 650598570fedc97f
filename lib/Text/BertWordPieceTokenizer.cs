using Microsoft.ML.Tokenizers;
using HumanClap.Common;

namespace HumanClap.Text;

/// <summary>
/// Hugging Face's uncased BERT tokenizer (bert-base-uncased, as msclap 2022 uses it): <c>[CLS] words [SEP]</c>,
/// special tokens typed in the text kept as such, the rest split into words by <see cref="BertBasicTokenizer"/>,
/// and each word split by Microsoft.ML.Tokenizers' WordPiece (greedy longest match, <c>##</c> continuations, the
/// whole word [UNK] when it has no split). Words of more than 100 characters are [UNK], as in HF.
/// </summary>
internal sealed class BertWordPieceTokenizer
{
    /// <summary>msclap 2022's <c>text_len</c>.</summary>
    public const int MsClapTextLength = 100;
    /// <summary>HF's <c>max_input_chars_per_word</c>, counted in code points.</summary>
    public const int MaxWordCodePoints = 100;

    // BERT's special tokens; HF cuts them out of the raw text (case-sensitive) before normalizing the rest.
    private static readonly string[] SpecialTokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"];

    private readonly WordPieceTokenizer _wordPiece;
    private readonly Dictionary<string, int> _specialIds;

    public int ClsId => _specialIds["[CLS]"];
    public int SepId => _specialIds["[SEP]"];
    public int PadId => _specialIds["[PAD]"];
    public int UnknownId => _specialIds["[UNK]"];

    private BertWordPieceTokenizer(WordPieceTokenizer wordPiece, Dictionary<string, int> specialIds)
    {
        _wordPiece = wordPiece;
        _specialIds = specialIds;
    }

    /// <summary>Reads a BERT <c>vocab.txt</c> (one token a line, id = line number).</summary>
    /// <exception cref="FileNotFoundException">The file is missing.</exception>
    /// <exception cref="InvalidDataException">A special token is not in the vocabulary.</exception>
    public static BertWordPieceTokenizer FromVocabulary(string vocabPath)
    {
        if (!File.Exists(vocabPath))
            throw new MissingFileException($"BERT vocabulary not found: {vocabPath}", vocabPath);
        var wordPiece = WordPieceTokenizer.Create(vocabPath, new WordPieceOptions
        {
            UnknownToken = "[UNK]",
            ContinuingSubwordPrefix = "##",
            // The library counts UTF-16 units; the HF limit (code points) is applied in EncodeWord, so this bound
            // only has to let every 100-code-point word through.
            MaxInputCharsPerWord = 2 * MaxWordCodePoints,
        });
        var ids = new Dictionary<string, int>();
        foreach (var token in SpecialTokens)
        {
            var found = wordPiece.EncodeToIds(token, considerPreTokenization: false, considerNormalization: false);
            if (found.Count != 1 || (found[0] == wordPiece.UnknownTokenId && token != "[UNK]"))
                throw new UserInputException($"{vocabPath}: special token \"{token}\" is not in the vocabulary");
            ids[token] = found[0];
        }
        return new BertWordPieceTokenizer(wordPiece, ids);
    }

    /// <summary>Ids of <c>[CLS] text [SEP]</c>, never truncated (an empty text gives just the two).</summary>
    public IReadOnlyList<int> EncodeIds(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int> { ClsId };
        foreach (var (piece, isSpecial) in SplitOnSpecialTokens(text))
        {
            if (isSpecial) ids.Add(_specialIds[piece]);
            else foreach (var word in BertBasicTokenizer.SplitWords(piece)) EncodeWord(word, ids);
        }
        ids.Add(SepId);
        return ids;
    }

    /// <summary>Texts padded to <paramref name="length"/> with [PAD] (mask 0), token type ids all zero.</summary>
    /// <exception cref="ArgumentException">A text has more tokens than <paramref name="length"/>; the message names
    /// it (use <see cref="EncodeAsMsClap"/> to give such texts a batch of their own).</exception>
    public TokenBatch Encode(IReadOnlyList<string> texts, int length = MsClapTextLength)
    {
        var rows = texts.Select(EncodeIds).ToList();
        for (int i = 0; i < rows.Count; i++)
            if (rows[i].Count > length)
                throw new ArgumentException($"text {i} has {rows[i].Count} BERT tokens, more than {length}; " +
                                            "msclap does not truncate: encode it alone (EncodeAsMsClap)",
                                            nameof(texts));
        return TokenBatch.Pad(rows, length, PadId, withTokenTypeIds: true);
    }

    /// <summary>msclap's batches: the texts that fit padded to <paramref name="textLength"/>, each longer text
    /// alone and unpadded (see <see cref="FixedLengthBatching"/>).</summary>
    public IReadOnlyList<TokenBatchGroup> EncodeAsMsClap(IReadOnlyList<string> texts,
        int textLength = MsClapTextLength) =>
        FixedLengthBatching.Group(texts.Select(EncodeIds).ToList(), textLength, PadId, withTokenTypeIds: true);

    private void EncodeWord(string word, List<int> ids)
    {
        int codePoints = word.EnumerateRunes().Count();
        if (codePoints > MaxWordCodePoints) ids.Add(UnknownId);
        else ids.AddRange(_wordPiece.EncodeToIds(word, considerPreTokenization: false, considerNormalization: false));
    }

    private static IEnumerable<(string Piece, bool IsSpecial)> SplitOnSpecialTokens(string text)
    {
        int start = 0;
        while (start < text.Length)
        {
            var (at, token) = SpecialTokens
                .Select(t => (At: text.IndexOf(t, start, StringComparison.Ordinal), Token: t))
                .Where(m => m.At >= 0).DefaultIfEmpty((At: -1, Token: "")).MinBy(m => m.At);
            if (at < 0)
            {
                yield return (text[start..], false);
                yield break;
            }
            if (at > start) yield return (text[start..at], false);
            yield return (token, true);
            start = at + token.Length;
        }
    }
}
