using HumanClap.Audio.Laion;
using HumanClap.Model;
using HumanClap.Model.Laion;
using HumanClap.Scoring.Families;
using HumanClap.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace HumanClap.Scoring;

/// <summary>One scored audio-text pair; <see cref="Error"/> is set (and the scores null) when the row failed.</summary>
public sealed record ScoredPair(int Index, string Audio, string Text, double? Cosine, double? ClapScore, string? Error)
{
    public bool Ok => Error is null;
    /// <summary>With LAION preprocessing: the crop offset or fusion chunk starts drawn for the clip
    /// (<see cref="LaionClipDraws"/>), so a published run can be replayed; null otherwise.</summary>
    public LaionClipDraws? Draws { get; init; }
}
