namespace HumanClap.Scoring.Families;

/// <summary>The families <see cref="ClapScorer.FromPretrained"/> tells apart, most specific first: Microsoft CLAP's
/// files and LAION's <c>.pt</c> are recognised by name and content, and anything else is read as a Hugging Face
/// folder (whose loader names what is missing).</summary>
internal static class CheckpointFamilies
{
    public static readonly IReadOnlyList<ICheckpointFamily> All =
        [new MsClapFamily(), new LaionClapFamily(), new HfClapFamily()];

    public static ICheckpointFamily Of(string checkpoint) => All.First(f => f.Recognises(checkpoint));
}
