using System.Text.Json.Serialization;
using HumanClap.Common;

namespace HumanClap.Model.MsClap;

/// <summary>msclap's YAML after CLAPWrapper's overrides (<c>yaml_effective</c>): what it passes to
/// <c>CLAP(...)</c>.</summary>
public sealed record MsClapYaml
{
    public required string AudioencName { get; init; }
    public required int SamplingRate { get; init; }
    public required double Duration { get; init; }
    public required int OutEmb { get; init; }
    public required int DProj { get; init; }
    public required int TextLen { get; init; }
    public required string TextModel { get; init; }
    public required int TransformerEmbedDim { get; init; }
    public required int MelBins { get; init; }
    public int NumClasses { get; init; } = 527;
}
