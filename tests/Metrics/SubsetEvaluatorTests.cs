using HumanClap.Metrics;

namespace HumanClap.Tests.Metrics;

public class SubsetEvaluatorTests
{
    [Fact]
    public void Subsets_have_the_paper_names_and_the_right_members()
    {
        var pairs = new List<EvaluatedPair>
        {
            new("natural", 0.9, 0.8), new("natural", 0.2, 0.3), new("natural", 0.6, 0.5),
            new("tango", 0.7, 0.6), new("tango", 0.5, 0.4),   // 0.5 is not above 5
            new("audioldm", 0.1, 0.2), new("audioldm", 0.8, 0.9),
        };
        var result = SubsetEvaluator.Evaluate(pairs);
        Assert.Equal(["all", "natural", "synthesized", "audioldm", "tango", "score>5", "score<=5",
            "natural score>5", "natural score<=5", "synthesized score>5", "synthesized score<=5"],
            result.Select(r => r.Subset));
        var n = result.ToDictionary(r => r.Subset, r => r.Metrics.N);
        Assert.Equal((7, 3, 4, 2, 2), (n["all"], n["natural"], n["synthesized"], n["audioldm"], n["tango"]));
        Assert.Equal((4, 3), (n["score>5"], n["score<=5"]));
        Assert.Equal((2, 1, 2, 2),
            (n["natural score>5"], n["natural score<=5"], n["synthesized score>5"], n["synthesized score<=5"]));
        // Subset metrics are the plain metrics of the members.
        var tango = result.Single(r => r.Subset == "tango").Metrics;
        Assert.Equal(Correlations.Mse([0.6, 0.4], [0.7, 0.5]), tango.Mse, 12);
        Assert.True(double.IsNaN(result.Single(r => r.Subset == "natural score<=5").Metrics.Srcc));   // one member
    }
}
