namespace HumanClap.Evaluation;

/// <summary>One prompt of the set: its text and optional category ("" when none).</summary>
public sealed record Prompt(string Id, string Text, string Category);
