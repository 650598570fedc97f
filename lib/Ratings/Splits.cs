namespace HumanClap.Ratings;

/// <summary>The two ways to split pairs: the paper's protocol and the dataset's own columns.</summary>
internal static class Splits
{
    /// <summary>
    /// The paper's protocol: AudioCaps-test pairs are the test set; AudioCaps-train pairs are split into train and
    /// validation by caption (all pairs of one text go to the same side), shuffling captions with the seed and filling
    /// validation until it holds <paramref name="validationFraction"/> of the pairs.
    /// </summary>
    public static PairSplits Paper(IReadOnlyList<PairScore> pairs, int seed, double validationFraction = 0.2)
    {
        if (validationFraction is < 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "must be in 0..1");
        var trainSide = pairs.Where(p => p.AudioCapsSplit == "train").ToList();
        var texts = trainSide.Select(p => p.Text).Distinct().OrderBy(t => t, StringComparer.Ordinal).ToArray();
        new Random(seed).Shuffle(texts);
        int target = (int)Math.Round(validationFraction * trainSide.Count);
        var countByText = trainSide.GroupBy(p => p.Text).ToDictionary(g => g.Key, g => g.Count());
        var validationTexts = new HashSet<string>();
        int filled = 0;
        foreach (var t in texts)
        {
            if (filled >= target) break;
            validationTexts.Add(t);
            filled += countByText[t];
        }
        return new PairSplits(
            trainSide.Where(p => !validationTexts.Contains(p.Text)).ToList(),
            trainSide.Where(p => validationTexts.Contains(p.Text)).ToList(),
            pairs.Where(p => p.AudioCapsSplit == "test").ToList());
    }

    /// <summary>The dataset's own train/validation/test (column `in RELATE dataset`); excluded pairs are left out.
    /// </summary>
    public static PairSplits Relate(IReadOnlyList<PairScore> pairs) => new(
        pairs.Where(p => p.RelateSplit == "train").ToList(),
        pairs.Where(p => p.RelateSplit == "validation").ToList(),
        pairs.Where(p => p.RelateSplit == "test").ToList());
}
