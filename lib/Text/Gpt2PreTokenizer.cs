using System.Text.RegularExpressions;

namespace HumanClap.Text;

/// <summary>GPT-2's pre-tokenization, which RoBERTa (and so CLAP) inherits: English contractions, runs of letters,
/// of digits and of other symbols (each with at most one leading space), and whitespace. Byte-level BPE merges
/// never cross the pieces it cuts.</summary>
internal static class Gpt2PreTokenizer
{
    public const string Pattern =
        @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    /// <summary>The pattern compiled once; a <see cref="Regex"/> is safe to share between threads.</summary>
    public static readonly Regex Splitter = new(Pattern, RegexOptions.Compiled);
}
