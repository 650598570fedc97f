namespace HumanClap.Evaluation;

/// <summary>System A minus system B under one backbone on the prompts both have scores for: the mean per-prompt
/// CLAPScore difference, its paired bootstrap interval and two-sided p.</summary>
public sealed record SystemComparison(string Backbone, string SystemA, string SystemB, int CommonPrompts,
    double Difference, double Lower, double Upper, double PValue);
