namespace HumanClap.Ratings;

public sealed record PairSplits(IReadOnlyList<PairScore> Train, IReadOnlyList<PairScore> Validation,
    IReadOnlyList<PairScore> Test);
