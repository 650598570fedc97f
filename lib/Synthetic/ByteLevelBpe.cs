using HumanClap.Common;
using HumanClap.Text;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace HumanClap.Synthetic;

/// <summary>
/// Learns a RoBERTa-style byte-level BPE (vocab.json + merges.txt) from a small corpus, deterministically, so
/// clap-mini needs no download. Ids: &lt;s&gt;=0, &lt;pad&gt;=1, &lt;/s&gt;=2, &lt;unk&gt;=3, &lt;mask&gt;=4, then all
/// 256 byte symbols (so no text is ever unknown), then one token per merge. Ties between equally frequent pairs break
/// ordinally. Words are cut with <see cref="Gpt2PreTokenizer"/>, as <see cref="ClapTokenizer"/> cuts them.
/// </summary>
internal static class ByteLevelBpe
{
    public static readonly string[] Specials = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"];

    /// <summary>GPT-2's reversible byte → printable character map.</summary>
    public static char[] ByteToChar()
    {
        var map = new char[256];
        int extra = 0;
        for (int b = 0; b < 256; b++)
            map[b] = (b is >= 33 and <= 126 or >= 161 and <= 172 or >= 174) ? (char)b : (char)(256 + extra++);
        return map;
    }

    public static (Dictionary<string, int> Vocab, List<(string, string)> Merges) Train(
        IEnumerable<string> corpus, int maxMerges, int minCount = 2)
    {
        var bytes = ByteToChar();
        var words = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var text in corpus)
            foreach (Match m in Gpt2PreTokenizer.Splitter.Matches(text))
            {
                var w = string.Concat(Encoding.UTF8.GetBytes(m.Value).Select(b => bytes[b]));
                words[w] = words.GetValueOrDefault(w) + 1;
            }
        var split = words.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => (Symbols: kv.Key.Select(c => c.ToString()).ToList(), Count: kv.Value)).ToList();

        var merges = new List<(string, string)>();
        while (merges.Count < maxMerges)
        {
            var pairs = new Dictionary<(string, string), int>();
            foreach (var (symbols, count) in split)
                for (int i = 0; i + 1 < symbols.Count; i++)
                    pairs[(symbols[i], symbols[i + 1])] = pairs.GetValueOrDefault((symbols[i], symbols[i + 1])) + count;
            if (pairs.Count == 0) break;
            var best = pairs.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key.Item1, StringComparer.Ordinal)
                .ThenBy(kv => kv.Key.Item2, StringComparer.Ordinal).First();
            if (best.Value < minCount) break;
            merges.Add(best.Key);
            foreach (var (symbols, _) in split)
                for (int i = 0; i + 1 < symbols.Count; i++)
                    if (symbols[i] == best.Key.Item1 && symbols[i + 1] == best.Key.Item2)
                    {
                        symbols[i] += symbols[i + 1];
                        symbols.RemoveAt(i + 1);
                    }
        }

        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var s in Specials) vocab[s] = vocab.Count;
        foreach (var c in bytes) vocab.TryAdd(c.ToString(), vocab.Count);
        foreach (var (a, b) in merges) vocab.TryAdd(a + b, vocab.Count);
        return (vocab, merges);
    }

    public static void Save(string dir, Dictionary<string, int> vocab, List<(string, string)> merges)
    {
        Directory.CreateDirectory(dir);
        // Insertion order = id order, so the file is stable and readable.
        AtomicFile.WriteAllText(Path.Combine(dir, "vocab.json"), JsonSerializer.Serialize(vocab));
        AtomicFile.WriteAllText(Path.Combine(dir, "merges.txt"),
            "#version: 0.2\n" + string.Concat(merges.Select(m => $"{m.Item1} {m.Item2}\n")));
    }
}
