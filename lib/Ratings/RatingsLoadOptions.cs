namespace HumanClap.Ratings;

/// <summary>Options for <see cref="RelateLoader.Load"/>.</summary>
public sealed record RatingsLoadOptions
{
    /// <summary>Throw on the first row-level problem instead of collecting it.</summary>
    public bool StrictRows { get; init; }
    /// <summary>Path to a data manifest (data-manifests/relate.json); the files read are checked against its
    /// SHA-256.</summary>
    public string? Manifest { get; init; }
}
