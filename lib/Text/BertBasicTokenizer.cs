using System.Globalization;
using System.Text;

namespace HumanClap.Text;

/// <summary>
/// The rules that split a text into words before WordPiece in Hugging Face's uncased BERT tokenizer (its
/// "BasicTokenizer" / <c>BertNormalizer</c> + <c>BertPreTokenizer</c>): control characters dropped, every
/// whitespace character a separator, CJK ideographs split off, lower-casing, accents stripped (NFD, drop Mn),
/// and each punctuation character a word of its own.
/// </summary>
/// <remarks>
/// Written here because neither .NET library reproduces them: Microsoft.ML.Tokenizers 2.0.1's BertTokenizer drops
/// symbols (emoji, <c>☕</c>) that HF keeps as [UNK], and treats <c>&lt;</c>, <c>|</c>, <c>&gt;</c>, tab and
/// newline differently (18 of the 22 reference texts agree); FastBertTokenizer 1.2.6 agrees on 20 of 22 but turns
/// typed special tokens into [UNK] and has no 100-character word limit. Characters are classified per code point
/// (<see cref="Rune"/>), as Python does, so astral-plane emoji are symbols, not surrogate "control" characters.
/// </remarks>
internal static class BertBasicTokenizer
{
    /// <summary>The words of <paramref name="text"/> (no special-token handling: split those out first).</summary>
    public static IEnumerable<string> SplitWords(string text)
    {
        var word = new StringBuilder();
        foreach (var rune in Normalize(text).EnumerateRunes())
        {
            if (IsWhitespace(rune))
            {
                if (word.Length > 0) yield return Take(word);
            }
            else if (IsPunctuation(rune))
            {
                if (word.Length > 0) yield return Take(word);
                yield return rune.ToString();
            }
            else Append(word, rune);
        }
        if (word.Length > 0) yield return Take(word);
    }

    /// <summary>Cleaning, CJK spacing, lower-casing and accent stripping, in HF's BertNormalizer order.</summary>
    public static string Normalize(string text)
    {
        var cleaned = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value == 0 || rune.Value == 0xFFFD || IsControl(rune)) continue;
            if (IsWhitespace(rune)) cleaned.Append(' ');
            // Ideographs become single words: BERT's vocabulary has them as single characters.
            else if (IsCjkIdeograph(rune)) Append(cleaned.Append(' '), rune).Append(' ');
            else Append(cleaned, rune);
        }
        var stripped = new StringBuilder(cleaned.Length);
        foreach (var rune in cleaned.ToString().ToLowerInvariant().Normalize(NormalizationForm.FormD).EnumerateRunes())
            if (Rune.GetUnicodeCategory(rune) != UnicodeCategory.NonSpacingMark) Append(stripped, rune);
        return stripped.ToString();
    }

    private static StringBuilder Append(StringBuilder sb, Rune rune)
    {
        Span<char> units = stackalloc char[2];
        return sb.Append(units[..rune.EncodeToUtf16(units)]);
    }

    private static string Take(StringBuilder word)
    {
        var s = word.ToString();
        word.Clear();
        return s;
    }

    private static bool IsWhitespace(Rune r) =>
        r.Value is ' ' or '\t' or '\n' or '\r' || Rune.GetUnicodeCategory(r) == UnicodeCategory.SpaceSeparator;

    // Every "C*" category except the three whitespace controls, which count as separators.
    private static bool IsControl(Rune r) =>
        r.Value is not ('\t' or '\n' or '\r') && Rune.GetUnicodeCategory(r) is UnicodeCategory.Control
            or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
            or UnicodeCategory.OtherNotAssigned;

    // All non-alphanumeric ASCII (so $, +, <, =, >, ^, `, |, ~ count although Unicode calls them symbols) plus
    // Unicode's P* categories.
    private static bool IsPunctuation(Rune r) =>
        r.Value is (>= 33 and <= 47) or (>= 58 and <= 64) or (>= 91 and <= 96) or (>= 123 and <= 126)
        || Rune.GetUnicodeCategory(r) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation
            or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation
            or UnicodeCategory.OtherPunctuation;

    // The CJK Unified Ideographs blocks and their extensions / compatibility blocks that BERT treats as ideographs
    // (not Hiragana, Katakana or Hangul, which are written with spaces or are alphabetic).
    private static bool IsCjkIdeograph(Rune r) => r.Value is (>= 0x4E00 and <= 0x9FFF) or (>= 0x3400 and <= 0x4DBF)
        or (>= 0x20000 and <= 0x2A6DF) or (>= 0x2A700 and <= 0x2B73F) or (>= 0x2B740 and <= 0x2B81F)
        or (>= 0x2B820 and <= 0x2CEAF) or (>= 0xF900 and <= 0xFAFF) or (>= 0x2F800 and <= 0x2FA1F);
}
