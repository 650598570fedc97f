using HumanClap.Metrics;

namespace HumanClap.Evaluation;

/// <summary>A backbone against the listeners on the rated clips: pair-level SRCC, LCC, Kendall's τ-b and MSE of
/// CLAPScore against the rescaled mean ratings, each with a 95% bootstrap interval over clips, and system-level
/// Kendall's τ-b between its ranking and the listeners'.</summary>
public sealed record BackboneAgreement(string Backbone, int Pairs, Interval Srcc, Interval Lcc, Interval KendallTau,
    Interval Mse, double SystemKendallTau);
