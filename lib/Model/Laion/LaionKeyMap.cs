using System.Text.RegularExpressions;
using static TorchSharp.torch;

namespace HumanClap.Model.Laion;

/// <summary>
/// laion_clap state-dict names to the Hugging Face <see cref="ClapModel"/> names, as transformers'
/// <c>convert_clap_original_pytorch_to_hf.py</c> renames them: the same substring renames in the same order,
/// <c>_projection.0/2</c> to <c>_projection.linear1/2</c>, and HTSAT's fused <c>qkv</c> split into query, key and
/// value thirds. Keys laion_clap carries but its embeddings never read are listed in <see cref="IsIgnoredKey"/>.
/// </summary>
internal static partial class LaionKeyMap
{
    /// <summary>DistributedDataParallel's prefix, present on every key of LAION's published files.</summary>
    public const string DataParallelPrefix = "module.";

    // Order matters: "attn" -> "attention.self" first, then "self.proj" undoes it for the output projection.
    private static readonly (string From, string To)[] Renames =
    [
        ("text_branch", "text_model"),
        ("audio_branch", "audio_model.audio_encoder"),
        ("attn", "attention.self"),
        ("self.proj", "output.dense"),
        ("attention.self_mask", "attn_mask"),
        ("mlp.fc1", "intermediate.dense"),
        ("mlp.fc2", "output.dense"),
        ("norm1", "layernorm_before"),
        ("norm2", "layernorm_after"),
        ("bn0", "batch_norm"),
    ];

    /// <summary>Keys (after the prefix is stripped) that laion_clap's inference never reads and the Hugging Face
    /// model has no place for: torchlibrosa's frozen STFT kernels and Slaney mel matrix (the feature extractor
    /// computes the mel outside the model), the shifted-window masks (rebuilt from the grid), HTSAT's AudioSet
    /// classifier (<c>tscam_conv</c>, <c>head</c>) and the training-only <c>audio_transform</c> /
    /// <c>text_transform</c> MLPs.</summary>
    public static bool IsIgnoredKey(string key) => IgnoredKey().IsMatch(key);

    [GeneratedRegex(@"^(audio_branch\.(spectrogram_extractor\.stft\.conv_(real|imag)\.weight|logmel_extractor\.melW" +
                    @"|layers\.\d+\.blocks\.\d+\.attn_mask|tscam_conv\..+|head\..+)" +
                    @"|(audio|text)_transform\..+)$")]
    private static partial Regex IgnoredKey();

    [GeneratedRegex(@"_projection\.([02])\.")]
    private static partial Regex ProjectionIndex();

    /// <summary>The Hugging Face name(s) of one laion_clap key: one, or three for a <c>qkv</c> weight or bias (query,
    /// key, value thirds along dim 0).</summary>
    public static string[] ToHf(string laionKey)
    {
        var key = laionKey;
        foreach (var (from, to) in Renames)
            key = key.Replace(from, to, StringComparison.Ordinal);
        key = ProjectionIndex().Replace(key, m => $"_projection.linear{(m.Groups[1].Value == "0" ? 1 : 2)}.");
        if (key.StartsWith("audio", StringComparison.Ordinal) && key.Contains(".qkv.", StringComparison.Ordinal))
            return new[] { "query", "key", "value" }.Select(p => key.Replace(".qkv.", $".{p}.", StringComparison.Ordinal))
                .ToArray();
        return [key];
    }

    /// <summary>The laion_clap name a Hugging Face key comes from (for messages about keys the file lacks).</summary>
    public static string ToLaion(string hfKey)
    {
        const string audio = "audio_model.audio_encoder.";
        var key = hfKey.Replace("_projection.linear1.", "_projection.0.", StringComparison.Ordinal)
            .Replace("_projection.linear2.", "_projection.2.", StringComparison.Ordinal);
        if (key.StartsWith("text_model.", StringComparison.Ordinal)) return "text_branch." + key["text_model.".Length..];
        if (!key.StartsWith(audio, StringComparison.Ordinal)) return key;
        key = Regex.Replace(key, @"\.attention\.self\.(query|key|value)\.", ".attn.qkv.")
            .Replace("attention.output.dense", "attn.proj", StringComparison.Ordinal)
            .Replace("attention.self.", "attn.", StringComparison.Ordinal)
            .Replace("intermediate.dense", "mlp.fc1", StringComparison.Ordinal)
            .Replace("output.dense", "mlp.fc2", StringComparison.Ordinal)
            .Replace("layernorm_before", "norm1", StringComparison.Ordinal)
            .Replace("layernorm_after", "norm2", StringComparison.Ordinal)
            .Replace("batch_norm", "bn0", StringComparison.Ordinal);
        return "audio_branch." + key[audio.Length..];
    }

    /// <summary>The state dict under Hugging Face names. <paramref name="origin"/> receives, per produced key, the
    /// key it came from in the file; keys that cannot be mapped (a <c>qkv</c> tensor whose first dimension is not
    /// a multiple of 3) are added to <paramref name="misShaped"/>. Ignored keys are left out.</summary>
    public static Dictionary<string, Tensor> Map(IReadOnlyList<(string Key, Tensor Value)> laion,
        Dictionary<string, string> origin, List<string> misShaped)
    {
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (laionKey, value) in laion)
        {
            if (IsIgnoredKey(laionKey)) continue;
            var names = ToHf(laionKey);
            if (names.Length == 1)
            {
                result[names[0]] = value.alias();
                origin[names[0]] = laionKey;
                continue;
            }
            if (value.dim() == 0 || value.shape[0] % 3 != 0)
            {
                misShaped.Add($"{laionKey}: [{string.Join(", ", value.shape)}] cannot be split into q, k, v thirds");
                continue;
            }
            var thirds = value.chunk(3, 0);
            for (int i = 0; i < 3; i++)
            {
                result[names[i]] = thirds[i].contiguous();
                origin[names[i]] = laionKey;
                thirds[i].Dispose();
            }
        }
        return result;
    }
}
