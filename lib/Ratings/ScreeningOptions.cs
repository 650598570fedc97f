namespace HumanClap.Ratings;

public sealed record ScreeningOptions
{
    public double Threshold { get; init; } = Screening.PaperThreshold;
    public ScreeningRule Rule { get; init; } = ScreeningRule.MeanAboveThreshold;
}
