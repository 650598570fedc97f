namespace HumanClap.Scoring;

/// <summary>Every clip against every text: <c>Cosines[a, t]</c> is the cosine of clip <c>Audio[a]</c> and text
/// <c>Texts[t]</c> (CLAPScore is <see cref="ClapScorer.ClapScore"/> of it). A notebook shows it as a heatmap.</summary>
public sealed record SimilarityMatrix(IReadOnlyList<string> Audio, IReadOnlyList<string> Texts, double[,] Cosines)
{
    public double this[int audio, int text] => Cosines[audio, text];

    /// <summary>Rows as jagged arrays (clips × texts), the shape charting libraries take.</summary>
    public double[][] Rows() =>
        Enumerable.Range(0, Audio.Count)
            .Select(a => Enumerable.Range(0, Texts.Count).Select(t => Cosines[a, t]).ToArray()).ToArray();
}
