using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace HumanClap.Model;

/// <summary>HTSAT audio tower settings, bound by name to Hugging Face's <c>audio_config</c> (snake_case). The
/// declaration order is the order <see cref="ClapConfig.Save"/> writes the keys in.</summary>
public sealed record ClapAudioConfig
{
    [JsonInclude, JsonPropertyOrder(-1)] private string ModelType => "clap_audio_model";
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
    public bool EnableFusion { get; init; }
    public string? FusionType { get; init; }
    public bool EnablePatchLayerNorm { get; init; } = true;
    public bool FlattenPatchEmbeds { get; init; } = true;
    public int AffBlockR { get; init; } = 4;
    public double LayerNormEps { get; init; } = 1e-5;
    public string HiddenAct { get; init; } = "gelu";
    public string ProjectionHiddenAct { get; init; } = "relu";
}
