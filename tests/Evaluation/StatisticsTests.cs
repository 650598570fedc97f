using HumanClap.Evaluation;
using HumanClap.Metrics;

namespace HumanClap.Tests.Evaluation;

/// <summary>Each statistic of an evaluation against an independent computation on a small case.</summary>
public sealed class StatisticsTests
{
    private static GeneratedClip Clip(string system, string prompt) =>
        new(system, prompt, "text " + prompt, $"/x/{system}/{prompt}.wav", "", "test");

    private static List<ClipScore> Scores(string backbone, string system, params double[] cosines) =>
        cosines.Select((c, i) => new ClipScore(backbone, Clip(system, "p" + i), c, null)).ToList();

    /// <summary>The R-8 quantile (MathNet's default), computed here from a sorted copy.</summary>
    private static double Quantile(double[] values, double p)
    {
        var x = values.Order().ToArray();
        double h = (x.Length + 1.0 / 3) * p + 1.0 / 3;
        if (h <= 1) return x[0];
        if (h >= x.Length) return x[^1];
        int lo = (int)Math.Floor(h);
        return x[lo - 1] + (h - lo) * (x[lo] - x[lo - 1]);
    }

    [Fact]
    public void MeanIntervalsAreADirectResamplingLoop()
    {
        var scores = Scores("m", "a", 0.1, 0.5, -0.2, 0.3, 0.9, 0.05);
        var prompts = scores.Select(s => s.Clip.PromptId).ToHashSet();
        var result = SystemStatistics.Means(scores, ["a"], prompts, "", resamples: 400, seed: 7).Single();

        var clap = new[] { 0.1, 0.5, 0.0, 0.3, 0.9, 0.05 }; // the clamped scores, in prompt order
        var rng = new Random(Resampling.SeedFor(7, "mean", "m", "a", ""));
        var means = new double[400];
        for (int b = 0; b < 400; b++)
        {
            double sum = 0;
            for (int i = 0; i < 6; i++) sum += clap[rng.Next(6)];
            means[b] = sum / 6;
        }
        Assert.Equal(clap.Average(), result.ClapScore.Estimate, 12);
        Assert.Equal(Quantile(means, 0.025), result.ClapScore.Lower, 12);
        Assert.Equal(Quantile(means, 0.975), result.ClapScore.Upper, 12);
        Assert.Equal(new[] { 0.1, 0.5, -0.2, 0.3, 0.9, 0.05 }.Average(), result.Cosine.Estimate, 12);
        Assert.Equal(6, result.Prompts);
    }

    [Fact]
    public void PairedDifferencesArePerPromptSumsOnTheCommonPrompts()
    {
        var a = Scores("m", "a", 0.4, 0.6, 0.2, 0.8);
        var b = Scores("m", "b", 0.3, 0.1, 0.5).ToList(); // no p3: compared on p0..p2
        var c = SystemStatistics.Compare([.. a, .. b], ["a", "b"], resamples: 300, seed: 1).Single();
        double sum = (0.4 - 0.3) + (0.6 - 0.1) + (0.2 - 0.5);
        Assert.Equal(3, c.CommonPrompts);
        Assert.Equal(sum / 3, c.Difference, 12);

        var diffs = new[] { 0.4 - 0.3, 0.6 - 0.1, 0.2 - 0.5 };
        var rng = new Random(Resampling.SeedFor(1, "paired", "m", "a", "b"));
        var reps = new double[300];
        for (int r = 0; r < 300; r++) reps[r] = Enumerable.Range(0, 3).Sum(_ => diffs[rng.Next(3)]) / 3;
        Assert.Equal(Quantile(reps, 0.025), c.Lower, 12);
        Assert.Equal(Quantile(reps, 0.975), c.Upper, 12);
        int below = reps.Count(x => x <= 0), above = reps.Count(x => x >= 0);
        Assert.Equal(Math.Min(1.0, 2.0 * (Math.Min(below, above) + 1) / 301), c.PValue, 12);
    }

    [Fact]
    public void KendallTauBetweenRankingsIsAHandCount()
    {
        // Judge X orders s1 > s2 > s3 > s4; judge Y s2 > s1 > s3 > s4: one of six pairs discordant.
        static Dictionary<string, double> Means(params double[] m) =>
            m.Select((v, i) => ($"s{i + 1}", v)).ToDictionary(x => x.Item1, x => x.v);
        var x = SystemStatistics.Rank("x", Means(4, 3, 2, 1));
        var y = SystemStatistics.Rank("y", Means(3, 4, 2, 1));
        // Judge Z reverses X: every pair discordant.
        var z = SystemStatistics.Rank("z", Means(1, 2, 3, 4));
        var agreements = SystemStatistics.Agreements([x, y, z]);
        Assert.Equal((5 - 1) / 6.0, agreements.Single(a => a.JudgeB == "y").KendallTau, 12);
        Assert.Equal(-1, agreements.Single(a => a.JudgeA == "x" && a.JudgeB == "z").KendallTau, 12);
        Assert.Equal(["s2", "s1", "s3", "s4"], y.Systems);
    }

    [Fact]
    public void PValueCountsBothTails()
    {
        Assert.Equal(2.0 * (0 + 1) / 5, Resampling.PValue([0.1, 0.2, 0.3, 0.4]), 12);
        Assert.Equal(1.0, Resampling.PValue([-1, 1, -1, 1]), 12);
        Assert.True(double.IsNaN(Resampling.PValue([])));
    }
}
