using HumanClap.Common;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HumanClap.Model;

/// <summary>HTSAT audio tower settings, named as in Hugging Face's <c>audio_config</c>.</summary>
public sealed record ClapAudioConfig
{
    public int SpecSize { get; init; } = 256;
    public int NumMelBins { get; init; } = 64;
    public int PatchSize { get; init; } = 4;
    public int[] PatchStride { get; init; } = [4, 4];
    public int PatchEmbedInputChannels { get; init; } = 1;
    public int PatchEmbedsHiddenSize { get; init; } = 96;
    public int[] Depths { get; init; } = [2, 2, 6, 2];
    public int[] NumAttentionHeads { get; init; } = [4, 8, 16, 32];
    public int WindowSize { get; init; } = 8;
    public double MlpRatio { get; init; } = 4.0;
    public bool QkvBias { get; init; } = true;
    public int HiddenSize { get; init; } = 768;
    public int ProjectionDim { get; init; } = 512;
    public bool EnableFusion { get; init; }
    public bool EnablePatchLayerNorm { get; init; } = true;
    public bool FlattenPatchEmbeds { get; init; } = true;
    public int AffBlockR { get; init; } = 4;
    public double LayerNormEps { get; init; } = 1e-5;
    public string HiddenAct { get; init; } = "gelu";
    public string ProjectionHiddenAct { get; init; } = "relu";
    public string? FusionType { get; init; }
}

/// <summary>RoBERTa text tower settings, named as in Hugging Face's <c>text_config</c>.</summary>
public sealed record ClapTextConfig
{
    public int VocabSize { get; init; } = 50265;
    public int HiddenSize { get; init; } = 768;
    public int NumHiddenLayers { get; init; } = 12;
    public int NumAttentionHeads { get; init; } = 12;
    public int IntermediateSize { get; init; } = 3072;
    public int MaxPositionEmbeddings { get; init; } = 514;
    public int TypeVocabSize { get; init; } = 1;
    public double LayerNormEps { get; init; } = 1e-12;
    public double HiddenDropoutProb { get; init; } = 0.1;
    public double AttentionProbsDropoutProb { get; init; } = 0.1;
    public int PadTokenId { get; init; } = 1;
    public int BosTokenId { get; init; } = 0;
    public int EosTokenId { get; init; } = 2;
    public int ProjectionDim { get; init; } = 512;
    public string HiddenAct { get; init; } = "gelu";
    public string ProjectionHiddenAct { get; init; } = "relu";
}

/// <summary>A CLAP checkpoint's <c>config.json</c>. Reading is strict about types: a wrong type names the field.</summary>
public sealed record ClapConfig
{
    public ClapAudioConfig Audio { get; init; } = new();
    public ClapTextConfig Text { get; init; } = new();
    public int ProjectionDim { get; init; } = 512;
    public double LogitScaleInitValue { get; init; } = 1 / 0.07;

    /// <summary>transformers' default configuration: HTSAT-tiny + RoBERTa-base (laion/clap-htsat-unfused).</summary>
    public static ClapConfig HtsatTiny(bool fusion = false) => new()
    {
        Audio = new ClapAudioConfig { EnableFusion = fusion, FusionType = fusion ? "aff_2d" : null },
    };

    /// <summary>HTSAT-base + RoBERTa-base, the shape of laion/larger_clap_general and _music.</summary>
    public static ClapConfig HtsatBase() => new()
    {
        Audio = new ClapAudioConfig { PatchEmbedsHiddenSize = 128, Depths = [2, 2, 12, 2], HiddenSize = 1024 },
    };

    public static ClapConfig Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"CLAP config not found: {path}", path);
        JsonNode? root;
        try { root = JsonNode.Parse(File.ReadAllText(path)); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: not valid JSON ({e.Message})", e); }
        if (root is not JsonObject obj) throw new InvalidDataException($"{path}: top level must be a JSON object");
        var r = new ConfigReader(path);
        var audio = r.Object(obj, "audio_config");
        var text = r.Object(obj, "text_config");
        var a = new ClapAudioConfig();
        var t = new ClapTextConfig();
        a = a with
        {
            SpecSize = r.Int(audio, "spec_size", a.SpecSize),
            NumMelBins = r.Int(audio, "num_mel_bins", a.NumMelBins),
            PatchSize = r.Int(audio, "patch_size", a.PatchSize),
            PatchStride = r.IntArray(audio, "patch_stride", a.PatchStride),
            PatchEmbedInputChannels = r.Int(audio, "patch_embed_input_channels", a.PatchEmbedInputChannels),
            PatchEmbedsHiddenSize = r.Int(audio, "patch_embeds_hidden_size", a.PatchEmbedsHiddenSize),
            Depths = r.IntArray(audio, "depths", a.Depths),
            NumAttentionHeads = r.IntArray(audio, "num_attention_heads", a.NumAttentionHeads),
            WindowSize = r.Int(audio, "window_size", a.WindowSize),
            MlpRatio = r.Double(audio, "mlp_ratio", a.MlpRatio),
            QkvBias = r.Bool(audio, "qkv_bias", a.QkvBias),
            HiddenSize = r.Int(audio, "hidden_size", a.HiddenSize),
            ProjectionDim = r.Int(audio, "projection_dim", a.ProjectionDim),
            EnableFusion = r.Bool(audio, "enable_fusion", a.EnableFusion),
            EnablePatchLayerNorm = r.Bool(audio, "enable_patch_layer_norm", a.EnablePatchLayerNorm),
            FlattenPatchEmbeds = r.Bool(audio, "flatten_patch_embeds", a.FlattenPatchEmbeds),
            AffBlockR = r.Int(audio, "aff_block_r", a.AffBlockR),
            LayerNormEps = r.Double(audio, "layer_norm_eps", a.LayerNormEps),
            HiddenAct = r.String(audio, "hidden_act", a.HiddenAct),
            ProjectionHiddenAct = r.String(audio, "projection_hidden_act", a.ProjectionHiddenAct),
            FusionType = r.NullableString(audio, "fusion_type", a.FusionType),
        };
        t = t with
        {
            VocabSize = r.Int(text, "vocab_size", t.VocabSize),
            HiddenSize = r.Int(text, "hidden_size", t.HiddenSize),
            NumHiddenLayers = r.Int(text, "num_hidden_layers", t.NumHiddenLayers),
            NumAttentionHeads = r.Int(text, "num_attention_heads", t.NumAttentionHeads),
            IntermediateSize = r.Int(text, "intermediate_size", t.IntermediateSize),
            MaxPositionEmbeddings = r.Int(text, "max_position_embeddings", t.MaxPositionEmbeddings),
            TypeVocabSize = r.Int(text, "type_vocab_size", t.TypeVocabSize),
            LayerNormEps = r.Double(text, "layer_norm_eps", t.LayerNormEps),
            HiddenDropoutProb = r.Double(text, "hidden_dropout_prob", t.HiddenDropoutProb),
            AttentionProbsDropoutProb = r.Double(text, "attention_probs_dropout_prob", t.AttentionProbsDropoutProb),
            PadTokenId = r.Int(text, "pad_token_id", t.PadTokenId),
            BosTokenId = r.Int(text, "bos_token_id", t.BosTokenId),
            EosTokenId = r.Int(text, "eos_token_id", t.EosTokenId),
            ProjectionDim = r.Int(text, "projection_dim", t.ProjectionDim),
            HiddenAct = r.String(text, "hidden_act", t.HiddenAct),
            ProjectionHiddenAct = r.String(text, "projection_hidden_act", t.ProjectionHiddenAct),
        };
        var config = new ClapConfig
        {
            Audio = a,
            Text = t,
            ProjectionDim = r.Int(obj, "projection_dim", 512),
            LogitScaleInitValue = r.Double(obj, "logit_scale_init_value", 1 / 0.07),
        };
        config.Validate(path);
        return config;
    }

    /// <summary>Cross-field checks that a type check cannot catch.</summary>
    public void Validate(string source = "config")
    {
        void Fail(string field, string why) => throw new InvalidDataException($"{source}: {field} {why}");
        if (Audio.Depths.Length != Audio.NumAttentionHeads.Length)
            Fail("audio_config.num_attention_heads", $"has {Audio.NumAttentionHeads.Length} entries but depths has {Audio.Depths.Length}");
        if (Audio.EnableFusion && Audio.FusionType is not (null or "aff_2d"))
            Fail("audio_config.fusion_type", $"'{Audio.FusionType}' is not supported (only aff_2d)");
        if (Audio.HiddenAct != "gelu") Fail("audio_config.hidden_act", $"'{Audio.HiddenAct}' is not supported (gelu)");
        if (Text.HiddenAct != "gelu") Fail("text_config.hidden_act", $"'{Text.HiddenAct}' is not supported (gelu)");
        if (Audio.ProjectionHiddenAct != "relu") Fail("audio_config.projection_hidden_act", $"'{Audio.ProjectionHiddenAct}' is not supported (relu)");
        if (Text.ProjectionHiddenAct != "relu") Fail("text_config.projection_hidden_act", $"'{Text.ProjectionHiddenAct}' is not supported (relu)");
        if (Text.HiddenSize % Text.NumAttentionHeads != 0) Fail("text_config.num_attention_heads", "must divide hidden_size");
        if (Audio.SpecSize % Audio.NumMelBins != 0) Fail("audio_config.spec_size", "must be a multiple of num_mel_bins");
    }

    public JsonObject ToJson() => new()
    {
        ["architectures"] = new JsonArray("ClapModel"),
        ["model_type"] = "clap",
        ["projection_dim"] = ProjectionDim,
        ["logit_scale_init_value"] = LogitScaleInitValue,
        ["hidden_size"] = Text.HiddenSize,
        ["audio_config"] = new JsonObject
        {
            ["model_type"] = "clap_audio_model",
            ["spec_size"] = Audio.SpecSize, ["num_mel_bins"] = Audio.NumMelBins, ["patch_size"] = Audio.PatchSize,
            ["patch_stride"] = new JsonArray(Audio.PatchStride.Select(x => (JsonNode)x).ToArray()),
            ["patch_embed_input_channels"] = Audio.PatchEmbedInputChannels,
            ["patch_embeds_hidden_size"] = Audio.PatchEmbedsHiddenSize,
            ["depths"] = new JsonArray(Audio.Depths.Select(x => (JsonNode)x).ToArray()),
            ["num_attention_heads"] = new JsonArray(Audio.NumAttentionHeads.Select(x => (JsonNode)x).ToArray()),
            ["window_size"] = Audio.WindowSize, ["mlp_ratio"] = Audio.MlpRatio, ["qkv_bias"] = Audio.QkvBias,
            ["hidden_size"] = Audio.HiddenSize, ["projection_dim"] = Audio.ProjectionDim,
            ["enable_fusion"] = Audio.EnableFusion, ["fusion_type"] = Audio.FusionType,
            ["enable_patch_layer_norm"] = Audio.EnablePatchLayerNorm, ["flatten_patch_embeds"] = Audio.FlattenPatchEmbeds,
            ["aff_block_r"] = Audio.AffBlockR, ["layer_norm_eps"] = Audio.LayerNormEps,
            ["hidden_act"] = Audio.HiddenAct, ["projection_hidden_act"] = Audio.ProjectionHiddenAct,
        },
        ["text_config"] = new JsonObject
        {
            ["model_type"] = "clap_text_model",
            ["vocab_size"] = Text.VocabSize, ["hidden_size"] = Text.HiddenSize,
            ["num_hidden_layers"] = Text.NumHiddenLayers, ["num_attention_heads"] = Text.NumAttentionHeads,
            ["intermediate_size"] = Text.IntermediateSize, ["max_position_embeddings"] = Text.MaxPositionEmbeddings,
            ["type_vocab_size"] = Text.TypeVocabSize, ["layer_norm_eps"] = Text.LayerNormEps,
            ["hidden_dropout_prob"] = Text.HiddenDropoutProb, ["attention_probs_dropout_prob"] = Text.AttentionProbsDropoutProb,
            ["pad_token_id"] = Text.PadTokenId, ["bos_token_id"] = Text.BosTokenId, ["eos_token_id"] = Text.EosTokenId,
            ["projection_dim"] = Text.ProjectionDim, ["hidden_act"] = Text.HiddenAct, ["projection_hidden_act"] = Text.ProjectionHiddenAct,
        },
    };

    public void Save(string path) =>
        AtomicFile.WriteAllText(path, ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
}
