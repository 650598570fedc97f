namespace HumanClap.Ratings;

/// <summary>A row the loader skipped, with where and why.</summary>
public sealed record RowProblem(string File, int Line, string Kind, string Message)
{
    public override string ToString() => $"{File}:{Line}: {Message}";
}
