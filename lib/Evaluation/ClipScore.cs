using HumanClap.Scoring;

namespace HumanClap.Evaluation;

/// <summary>One clip's score under one backbone; <see cref="Error"/> set (and no cosine) when the clip failed.
/// </summary>
public sealed record ClipScore(string Backbone, GeneratedClip Clip, double? Cosine, string? Error)
{
    public double? ClapScore => Cosine is { } c ? ClapScorer.ClapScore(c) : null;
}
