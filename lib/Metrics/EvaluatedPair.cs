namespace HumanClap.Metrics;

/// <summary>One scored pair: its system, the subjective mean rescaled to 0..1, and the scorer's prediction.</summary>
public sealed record EvaluatedPair(string System, double Subjective01, double Predicted);
