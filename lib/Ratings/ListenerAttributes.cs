namespace HumanClap.Ratings;

/// <summary>A listener's questionnaire answers keyed by column name (question1..12); values stay text.</summary>
public sealed record ListenerAttributes(string ListenerId, IReadOnlyDictionary<string, string> Answers, int Line);
