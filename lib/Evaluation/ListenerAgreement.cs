using HumanClap.Metrics;

namespace HumanClap.Evaluation;

/// <summary>What the listeners say: their ranking of the systems, each backbone's agreement with them, and the noise
/// ceiling of their pair means.</summary>
public sealed record ListenerAgreement(string ScoresCsv, int RatedClips, int UnratedClips, Ranking Listeners,
    IReadOnlyList<BackboneAgreement> Backbones, NoiseCeilingResult NoiseCeiling);
