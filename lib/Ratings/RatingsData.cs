using Deedle;

namespace HumanClap.Ratings;

/// <summary>What <see cref="RelateLoader.Load"/> read: good rows, skipped rows with reasons, and listener
/// attributes.</summary>
public sealed class RatingsData(string scoresFile, IReadOnlyList<Rating> ratings, IReadOnlyList<RowProblem> problems,
    IReadOnlyDictionary<string, ListenerAttributes> listeners, bool hasRelateSplit)
{
    public string ScoresFile { get; } = scoresFile;
    public IReadOnlyList<Rating> Ratings { get; } = ratings;
    public IReadOnlyList<RowProblem> Problems { get; } = problems;
    /// <summary>Listener attributes by listener_id (empty when no listeners file was given).</summary>
    public IReadOnlyDictionary<string, ListenerAttributes> Listeners { get; } = listeners;
    /// <summary>Whether the file had the `in RELATE dataset` column (REL.csv has it, IS.csv/OS.csv do not).
    /// </summary>
    public bool HasRelateSplit { get; } = hasRelateSplit;

    /// <summary>Number of skipped rows per problem kind.</summary>
    public IReadOnlyDictionary<string, int> ProblemCounts =>
        Problems.GroupBy(p => p.Kind).OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count());

    /// <summary>The ratings as a Deedle frame, one row per rating, columns named like the record's properties.
    /// </summary>
    public Frame<int, string> ToFrame() => Frame.FromRecords(Ratings);
}
