using System.Text.Json;
using System.Text.Json.Serialization;
using HumanClap.Common;

namespace HumanClap.Model.MsClap;

/// <summary><c>HTSAT_Swin_Transformer</c>'s constructor values (msclap passes none, so these are its
/// defaults).</summary>
public sealed record MsClapHtsatSettings
{
    public int SpecSize { get; init; } = 256;
    public int PatchSize { get; init; } = 4;
    public int[] PatchStride { get; init; } = [4, 4];
    public int InChans { get; init; } = 1;
    public required int NumClasses { get; init; }
    public required int EmbedDim { get; init; }
    public required int[] Depths { get; init; }
    public required int[] NumHeads { get; init; }
    public int WindowSize { get; init; } = 8;
    public double MlpRatio { get; init; } = 4.0;
    public bool QkvBias { get; init; } = true;
    public bool PatchNorm { get; init; } = true;

    [JsonIgnore] public int NumFeatures => EmbedDim << (Depths.Length - 1);
}
