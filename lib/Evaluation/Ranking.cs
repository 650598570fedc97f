namespace HumanClap.Evaluation;

/// <summary>A backbone's (or the listeners') ranking of the systems, best first, by mean score.</summary>
public sealed record Ranking(string Judge, IReadOnlyList<string> Systems, IReadOnlyList<double> Means);
