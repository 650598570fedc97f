using System.Text.Json.Serialization;

namespace HumanClap.Model.MsClap;

/// <summary>The text encoder's Hugging Face config (GPT2Config for 2023, BertConfig for 2022). The family decides
/// which fields are required; <see cref="MsClapConfig.Validate"/> names a missing one.</summary>
public sealed record MsClapTextModel
{
    public required string Family { get; init; }
    public int VocabSize { get; init; }
    // GPT-2
    public int? NEmbd { get; init; }
    public int? NLayer { get; init; }
    public int? NHead { get; init; }
    public int? NPositions { get; init; }
    public int? NInner { get; init; }
    public double LayerNormEpsilon { get; init; } = 1e-5;
    // BERT
    public int? HiddenSize { get; init; }
    public int? NumHiddenLayers { get; init; }
    public int? NumAttentionHeads { get; init; }
    public int? IntermediateSize { get; init; }
    public int? MaxPositionEmbeddings { get; init; }
    public int TypeVocabSize { get; init; } = 2;
    public double LayerNormEps { get; init; } = 1e-12;
    public int PadTokenId { get; init; }

    [JsonIgnore] public bool IsGpt2 => Family == "gpt2";
    [JsonIgnore] public bool IsBert => Family == "bert";
    /// <summary>Width of the hidden states the projection reads.</summary>
    [JsonIgnore] public int Width => (IsGpt2 ? NEmbd : HiddenSize) ?? 0;
}
