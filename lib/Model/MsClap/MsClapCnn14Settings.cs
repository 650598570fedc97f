using System.Text.Json;
using System.Text.Json.Serialization;
using HumanClap.Common;

namespace HumanClap.Model.MsClap;

/// <summary>Cnn14's widths (2022).</summary>
public sealed record MsClapCnn14Settings
{
    public required int[] Channels { get; init; }
    public required int[] Fc1 { get; init; }
    public required int ClassesNum { get; init; }
}
