namespace HumanClap.Evaluation;

/// <summary>Kendall's τ-b between two judges' system means (1: same order).</summary>
public sealed record RankAgreement(string JudgeA, string JudgeB, double KendallTau);
