using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace HumanClap.Model;

/// <summary>RoBERTa text tower settings, bound by name to Hugging Face's <c>text_config</c> (snake_case). The
/// declaration order is the order <see cref="ClapConfig.Save"/> writes the keys in.</summary>
public sealed record ClapTextConfig
{
    [JsonInclude, JsonPropertyOrder(-1)] private string ModelType => "clap_text_model";
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
    public string HiddenAct { get; init; } = "gelu";
    public string ProjectionHiddenAct { get; init; } = "relu";
}
