namespace HumanClap.Evaluation;

/// <summary>One text-to-audio system's clip for one prompt.</summary>
/// <param name="Source">Where the row came from ("clips.csv:12", "systems/tango/p7.wav"), for messages.</param>
public sealed record GeneratedClip(string System, string PromptId, string Text, string AudioPath, string Category,
    string Source);
