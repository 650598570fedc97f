namespace HumanClap.Evaluation;

/// <summary>Everything an evaluation computed (written as results.json; the tables and the report are views of it).
/// </summary>
/// <param name="CommonPrompts">The prompts every system has a clip for: the systems' means, the categories and the
/// rankings use these; each pair comparison uses the prompts both systems have.</param>
public sealed record EvaluationResults(
    int Seed, int Resamples, IReadOnlyList<string> Systems, IReadOnlyList<string> Backbones,
    IReadOnlyList<string> Categories, int Prompts, int CommonPrompts, int Clips,
    IReadOnlyList<FailedClip> Failed,
    IReadOnlyList<SystemScore> Means, IReadOnlyList<SystemScore> CategoryMeans,
    IReadOnlyList<SystemComparison> Comparisons, IReadOnlyList<Ranking> Rankings,
    IReadOnlyList<RankAgreement> RankAgreements, ListenerAgreement? Listeners)
{
    /// <summary>The backbone whose ranking agrees best with the listeners' (system level, then pair-level SRCC);
    /// null without ratings.</summary>
    public BackboneAgreement? ClosestToListeners => Listeners?.Backbones
        .OrderByDescending(b => double.IsNaN(b.SystemKendallTau) ? double.NegativeInfinity : b.SystemKendallTau)
        .ThenByDescending(b => double.IsNaN(b.Srcc.Estimate) ? double.NegativeInfinity : b.Srcc.Estimate)
        .FirstOrDefault();
}
