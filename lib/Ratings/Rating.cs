namespace HumanClap.Ratings;

/// <summary>One listener's 0..10 rating of one (audio, text) pair, with the source line for error messages.</summary>
/// <param name="System">From the wav path's first folder ("audiocaps" becomes "natural"); the file's `audio type`
/// merges model versions.</param>
/// <param name="AudioCapsSplit">"train", "test", or "" for anchors.</param>
/// <param name="RelateSplit">The dataset's own split ("train", "validation", "test", "excluded"), "" when the column
/// is absent.</param>
public sealed record Rating(string ListenerId, string WavName, string Text, int Score, bool IsAnchor,
    string System, string AudioCapsSplit, string RelateSplit, int Line);

/// <summary>A row the loader skipped, with where and why.</summary>
public sealed record RowProblem(string File, int Line, string Kind, string Message)
{
    public override string ToString() => $"{File}:{Line}: {Message}";
}

/// <summary>A listener's questionnaire answers keyed by column name (question1..12); values stay text.</summary>
public sealed record ListenerAttributes(string ListenerId, IReadOnlyDictionary<string, string> Answers, int Line);

/// <summary>Structural problem with a ratings file (unreadable, missing column, checksum mismatch); names the file and
/// line.</summary>
internal sealed class RatingsFormatException(string message, Exception? inner = null)
    : HumanClap.Common.UserInputException(message, inner);

/// <summary>Options for <see cref="RelateLoader.Load"/>.</summary>
internal sealed record RatingsLoadOptions
{
    /// <summary>Throw on the first row-level problem instead of collecting it.</summary>
    public bool StrictRows { get; init; }
    /// <summary>Path to a data manifest (data-manifests/relate.json); the files read are checked against its
    /// SHA-256.</summary>
    public string? Manifest { get; init; }
}
