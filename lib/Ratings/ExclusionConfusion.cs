namespace HumanClap.Ratings;

/// <summary>Listener counts: our flag (rows) × the dataset's exclusion of their non-anchor ratings (columns).</summary>
public sealed record ExclusionConfusion(int FlaggedFully, int FlaggedPartly, int FlaggedNone,
    int KeptFully, int KeptPartly, int KeptNone);
