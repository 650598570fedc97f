using System.Text.Json.Nodes;
using HumanClap.Common;
using static TorchSharp.torch;

namespace HumanClap.Model.Laion;

/// <summary>
/// The Hugging Face <see cref="ClapConfig"/> of a laion_clap checkpoint, read off its (already renamed) tensors:
/// HTSAT's embed width, depths, window (from the relative position bias table) and heads (the table's columns),
/// fusion (the <c>mel_conv2d</c> / <c>fusion_model</c> keys), RoBERTa's sizes and the projection size. RoBERTa's
/// head count is not in any shape: it comes from <c>model_config.json</c> beside the checkpoint when there is one,
/// else it is roberta-base's 12 (laion_clap always builds RoBERTa from roberta-base).
/// </summary>
internal static class LaionPreset
{
    /// <summary>What laion_clap's generator (and the parity fixtures) write beside a checkpoint.</summary>
    public const string ModelConfigFile = "model_config.json";
    private const int RobertaBaseHeads = 12;
    // roberta-base's config.json: the eps laion_clap's text tower runs with (HF's ClapTextConfig default is 1e-12).
    private const double RobertaLayerNormEps = 1e-5;

    public static ClapConfig Infer(IReadOnlyDictionary<string, Tensor> hf, string source, string? modelConfigPath)
    {
        const string audio = "audio_model.audio_encoder.", text = "text_model.";
        long[] Shape(string key) => hf.TryGetValue(key, out var t) ? t.shape
            : throw new UserInputException($"{source}: no {LaionKeyMap.ToLaion(key)} (or not a laion_clap " +
                                           "CLAP checkpoint): cannot tell the model's sizes");

        // Sizes shared by all blocks are read from whichever block has the tensor, so that one missing or renamed
        // key is reported by the strict load (with every other offender) instead of stopping here.
        long[] AnyShape(string prefix, string suffix) => Shape(hf.Keys.Where(k =>
                k.StartsWith(prefix, StringComparison.Ordinal) && k.EndsWith(suffix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).FirstOrDefault() ?? prefix + "0" + suffix);

        var patch = Shape(audio + "patch_embed.proj.weight"); // [embed, in_chans, patch, patch]
        int stages = CountIndices(hf.Keys, audio + "layers.");
        if (stages == 0) throw new UserInputException($"{source}: no HTSAT stages (audio_branch.layers.N)");
        var depths = new int[stages];
        var heads = new int[stages];
        for (int i = 0; i < stages; i++)
        {
            depths[i] = CountIndices(hf.Keys, $"{audio}layers.{i}.blocks.");
            heads[i] = (int)AnyShape($"{audio}layers.{i}.blocks.", ".attention.self.relative_position_bias_table")[1];
        }
        long table = AnyShape(audio + "layers.0.blocks.", ".attention.self.relative_position_bias_table")[0];
        int side = (int)Math.Round(Math.Sqrt(table));
        if (side * side != table || side % 2 == 0)
            throw new UserInputException($"{source}: audio_branch.layers.0.blocks.0.attn.relative_position_bias_table " +
                                         $"has {table} rows, not (2·window − 1)²");
        int embed = (int)patch[0];
        bool fused = hf.Keys.Any(k => k.StartsWith(audio + "patch_embed.mel_conv2d.", StringComparison.Ordinal)
                                      || k.StartsWith(audio + "patch_embed.fusion_model.", StringComparison.Ordinal));
        int affR = hf.TryGetValue(audio + "patch_embed.fusion_model.local_att.0.weight", out var local)
            ? Math.Max(1, embed / (int)local.shape[0]) : 4;
        var fc1 = AnyShape(audio + "layers.", ".intermediate.dense.weight");

        var words = Shape(text + "embeddings.word_embeddings.weight");
        int hidden = (int)words[1];
        var roberta = ReadRobertaConfig(modelConfigPath);
        int textHeads = roberta?["num_attention_heads"]?.GetValue<int>() ?? RobertaBaseHeads;
        if (hidden % textHeads != 0)
            throw new UserInputException($"{source}: RoBERTa width {hidden} is not a multiple of {textHeads} heads; " +
                                         $"put laion_clap's {ModelConfigFile} (with roberta.num_attention_heads) " +
                                         "beside the checkpoint");

        return new ClapConfig
        {
            ProjectionDim = (int)Shape("audio_projection.linear1.weight")[0],
            Audio = new ClapAudioConfig
            {
                NumMelBins = (int)Shape(audio + "batch_norm.weight")[0],
                PatchSize = (int)patch[2],
                PatchStride = [(int)patch[2], (int)patch[3]],
                PatchEmbedInputChannels = (int)patch[1],
                PatchEmbedsHiddenSize = embed,
                Depths = depths,
                NumAttentionHeads = heads,
                WindowSize = (side + 1) / 2,
                MlpRatio = (double)fc1[0] / fc1[1],
                QkvBias = hf.ContainsKey(audio + "layers.0.blocks.0.attention.self.query.bias"),
                HiddenSize = embed << (stages - 1),
                EnableFusion = fused,
                FusionType = fused ? "aff_2d" : null,
                EnablePatchLayerNorm = hf.ContainsKey(audio + "patch_embed.norm.weight"),
                AffBlockR = affR,
            },
            Text = new ClapTextConfig
            {
                VocabSize = (int)words[0],
                HiddenSize = hidden,
                NumHiddenLayers = CountIndices(hf.Keys, text + "encoder.layer."),
                NumAttentionHeads = textHeads,
                IntermediateSize = (int)Shape(text + "encoder.layer.0.intermediate.dense.weight")[0],
                MaxPositionEmbeddings = (int)Shape(text + "embeddings.position_embeddings.weight")[0],
                TypeVocabSize = (int)Shape(text + "embeddings.token_type_embeddings.weight")[0],
                LayerNormEps = roberta?["layer_norm_eps"]?.GetValue<double>() ?? RobertaLayerNormEps,
            },
        };
    }

    /// <summary>1 + the largest N of keys <c>{prefix}N.…</c> (0 when there are none).</summary>
    private static int CountIndices(IEnumerable<string> keys, string prefix) =>
        keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal))
            .Select(k => k[prefix.Length..].Split('.')[0])
            .Select(s => int.TryParse(s, out var n) ? n + 1 : 0)
            .DefaultIfEmpty(0).Max();

    private static JsonObject? ReadRobertaConfig(string? path)
    {
        if (path is null || !File.Exists(path)) return null;
        try
        {
            return JsonNode.Parse(File.ReadAllText(path))?["roberta"] as JsonObject
                   ?? throw new UserInputException($"{path}: no 'roberta' object");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new UserInputException($"{path}: not valid JSON ({e.Message})", e);
        }
    }
}
