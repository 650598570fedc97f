namespace HumanClap.Ratings;

/// <summary>One listener's 0..10 rating of one (audio, text) pair, with the source line for error messages.</summary>
/// <param name="System">From the wav path's first folder ("audiocaps" becomes "natural"); the file's `audio type`
/// merges model versions.</param>
/// <param name="AudioCapsSplit">"train", "test", or "" for anchors.</param>
/// <param name="RelateSplit">The dataset's own split ("train", "validation", "test", "excluded"), "" when the column
/// is absent.</param>
public sealed record Rating(string ListenerId, string WavName, string Text, int Score, bool IsAnchor,
    string System, string AudioCapsSplit, string RelateSplit, int Line);

/// <summary>Structural problem with a ratings file (unreadable, missing column, checksum mismatch); names the file and
/// line.</summary>
internal sealed class RatingsFormatException(string message, Exception? inner = null)
    : HumanClap.Common.UserInputException(message, inner);
