using HumanClap.Common;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace HumanClap.Model;

/// <summary>A CLAP checkpoint's <c>config.json</c>, bound with System.Text.Json: a wrong type or a null where a
/// value is needed names the file and key; keys this port does not use are accepted (real configs carry many), a
/// key left out keeps transformers' default.</summary>
public sealed record ClapConfig
{
    // Keys that transformers writes and reads back but that follow from the fields below: written, never read.
    [JsonInclude, JsonPropertyOrder(-2)] private string[] Architectures => ["ClapModel"];
    [JsonInclude, JsonPropertyOrder(-1)] private string ModelType => "clap";

    /// <summary>The shared embedding size of both towers' projections.</summary>
    public int ProjectionDim { get; init; } = 512;
    public double LogitScaleInitValue { get; init; } = 1 / 0.07;
    [JsonInclude] private int HiddenSize => Text.HiddenSize;
    [JsonPropertyName("audio_config")] public ClapAudioConfig Audio { get; init; } = new();
    [JsonPropertyName("text_config")] public ClapTextConfig Text { get; init; } = new();

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

    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="UserInputException">Not JSON, a wrong type, or values the model cannot take; the message
    /// names the file and key.</exception>
    public static ClapConfig Load(string path)
    {
        var config = JsonFile.Read<ClapConfig>(path, "CLAP config", JsonFile.SnakeCase);
        config.Validate(path);
        return config;
    }

    /// <summary>Cross-field checks that binding cannot make; <paramref name="source"/> names the file.</summary>
    public void Validate(string source = "config")
    {
        void Fail(string key, string why) => throw new UserInputException($"{source}: key '{key}' {why}");
        if (Audio.Depths.Length != Audio.NumAttentionHeads.Length)
            Fail("audio_config.num_attention_heads",
                $"has {Audio.NumAttentionHeads.Length} entries but depths has {Audio.Depths.Length}");
        if (Audio.EnableFusion && Audio.FusionType is not (null or "aff_2d"))
            Fail("audio_config.fusion_type", $"'{Audio.FusionType}' is not supported (only aff_2d)");
        if (Audio.HiddenAct != "gelu") Fail("audio_config.hidden_act", $"'{Audio.HiddenAct}' is not supported (gelu)");
        if (Text.HiddenAct != "gelu") Fail("text_config.hidden_act", $"'{Text.HiddenAct}' is not supported (gelu)");
        if (Audio.ProjectionHiddenAct != "relu")
            Fail("audio_config.projection_hidden_act", $"'{Audio.ProjectionHiddenAct}' is not supported (relu)");
        if (Text.ProjectionHiddenAct != "relu")
            Fail("text_config.projection_hidden_act", $"'{Text.ProjectionHiddenAct}' is not supported (relu)");
        if (Text.HiddenSize % Text.NumAttentionHeads != 0)
            Fail("text_config.num_attention_heads", "must divide hidden_size");
        if (Audio.SpecSize % Audio.NumMelBins != 0)
            Fail("audio_config.spec_size", "must be a multiple of num_mel_bins");
    }

    /// <summary>config.json as transformers reads it: the bound fields in declaration order, plus each tower's
    /// <c>projection_dim</c>.</summary>
    public JsonObject ToJson()
    {
        var json = JsonSerializer.SerializeToNode(this, JsonFile.SnakeCase)!.AsObject();
        // transformers' ClapConfig overwrites both towers' projection_dim with the top-level one (so this port keeps
        // only that one), but a tower config loaded on its own (ClapAudioConfig.from_pretrained) reads it from the
        // tower: written there too, where the file has always had it.
        InsertAfter(json["audio_config"]!.AsObject(), "hidden_size", "projection_dim", ProjectionDim);
        InsertAfter(json["text_config"]!.AsObject(), "eos_token_id", "projection_dim", ProjectionDim);
        return json;
    }

    private static void InsertAfter(JsonObject json, string after, string key, JsonNode value) =>
        json.Insert(json.IndexOf(after) + 1, key, value);

    public void Save(string path) =>
        AtomicFile.WriteAllText(path, ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
}
