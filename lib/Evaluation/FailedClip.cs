namespace HumanClap.Evaluation;

/// <summary>A clip that could not be scored by a backbone, and why.</summary>
public sealed record FailedClip(string Backbone, string System, string PromptId, string Audio, string Error);
