using System.Globalization;
using HumanClap.Common;
using HumanClap.Metrics;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;

namespace HumanClap.Experiments;

public static class SeedStudy
{
    /// <summary>The bootstrap over seeds needs at least this many seeds to mean anything.</summary>
    public const int MinSeedsForBootstrap = 5;
    public const int Resamples = 1000;

    /// <summary>The seed folder of a study.</summary>
    public static string SeedDir(string studyDir, int seed) =>
        Path.Combine(studyDir, "seed-" + seed.ToString(CultureInfo.InvariantCulture));

    /// <summary>"0-4", "0,2,7" or "3" as seeds (at most 100, no repeats).</summary>
    public static IReadOnlyList<int> ParseSeeds(string spec)
    {
        var seeds = new List<int>();
        foreach (var part in spec.Split(',', StringSplitOptions.TrimEntries))
        {
            var ends = part.Split('-', StringSplitOptions.TrimEntries);
            if (ends.Length is 1 or 2 && ends.All(e => int.TryParse(e, NumberStyles.None, CultureInfo.InvariantCulture,
                    out _)))
            {
                int from = int.Parse(ends[0], CultureInfo.InvariantCulture), to = int.Parse(ends[^1],
                    CultureInfo.InvariantCulture);
                if (to >= from && to - from < 100)
                {
                    seeds.AddRange(Enumerable.Range(from, to - from + 1));
                    continue;
                }
            }
            throw new UserInputException($"--seeds expects seeds like 0-4 or 0,2,7, got '{spec}'");
        }
        if (seeds.Distinct().Count() != seeds.Count || seeds.Count > 100)
            throw new UserInputException($"--seeds '{spec}': every seed at most once, at most 100");
        return seeds;
    }

    /// <summary>The subsets the study reads: Table 1's (all pairs), Table 2's (origin and system) and Table 3's
    /// (subjective score bands), by their keys in results.json.</summary>
    public static IReadOnlyList<string> Subsets(ExperimentResults any) =>
        [PairSubset.All.Key, .. PairSubset.Table2(any.TestPairs.Select(p => p.System)).Select(s => s.Key),
            .. PairSubset.Table3.Select(s => s.Key)];

    /// <summary>Aggregates finished runs (seed → its results.json read back). Every number comes from those files:
    /// metrics as stored, and for "outside bootstrap noise" the paired comparison each run made (all pairs) or the same
    /// comparison, with the run's own seed and resamples, on a subset's pairs.</summary>
    public static SeedStudyResults Aggregate(IReadOnlyList<(int Seed, ExperimentResults Run)> runs)
    {
        if (runs.Count == 0) throw new ArgumentException("no runs", nameof(runs));
        var subsets = Subsets(runs[0].Run);
        var models = runs[0].Run.Models.Select(m => m.Name).ToList();
        var spreads = (from model in models
            from subset in subsets
            let metrics = runs.Select(r => r.Run.Model(model)!.Subset(subset)).ToList()
            select new ModelSpread(model, subset, Spread.Of(metrics.Select(m => m.Srcc).ToList()),
                Spread.Of(metrics.Select(m => m.Lcc).ToList()), Spread.Of(metrics.Select(m => m.Mse).ToList())))
            .ToList();
        var gains = (from variant in runs[0].Run.Models.Where(m => !m.IsBaseline).Select(m => m.Name)
            from subset in subsets
            select Gain(runs, variant, subset)).ToList();
        var seconds = runs.ToDictionary(r => r.Seed.ToString(CultureInfo.InvariantCulture),
            r => r.Run.StageSeconds.Values.Sum());
        // The study is of every seed: "synthetic (default)", not one run's "synthetic (default, seed 0)".
        var data = runs[0].Run.Options.Scale is { } scale ? SyntheticSource.Describe(scale) : runs[0].Run.DataSource;
        return new SeedStudyResults(data, runs.Select(r => r.Seed).ToList(), spreads, gains,
            seconds);
    }

    private static SeedGain Gain(IReadOnlyList<(int Seed, ExperimentResults Run)> runs, string variant, string subset)
    {
        var deltas = runs.Select(r => r.Run.Model(variant)!.Subset(subset).Srcc
                                      - r.Run.Baseline.Subset(subset).Srcc).ToList();
        int wins = runs.Count(r => Versus(r.Run, variant, subset) is { } c && c.Lower > 0);
        return Summarise(variant, subset, deltas, wins);
    }

    /// <summary>The mean of per-seed gains with its 95% t interval and, from <see cref="MinSeedsForBootstrap"/>
    /// seeds, its 95% percentile bootstrap interval over seeds (<see cref="Resamples"/> resamples, seeded by the
    /// variant and subset).</summary>
    public static SeedGain Summarise(string variant, string subset, IReadOnlyList<double> deltas, int wins)
    {
        int n = deltas.Count;
        double mean = deltas.Mean();
        double half = n > 1 ? StudentT.InvCDF(0, 1, n - 1, 0.975) * deltas.StandardDeviation() / Math.Sqrt(n)
            : double.NaN;
        double? bootLower = null, bootUpper = null;
        if (n >= MinSeedsForBootstrap)
        {
            var values = deltas.ToArray();
            var interval = Resampling.Bootstrap(n, d => Resampling.Mean(values, d), Resamples,
                Resampling.SeedFor(0, "seeds", variant, subset)).Interval;
            (bootLower, bootUpper) = (interval.Lower, interval.Upper);
        }
        return new SeedGain(variant, subset, deltas, mean, mean - half, mean + half, bootLower, bootUpper, wins);
    }

    /// <summary>The run's paired comparison of the variant with the baseline on a subset: the stored one for all
    /// pairs, the same computation on the subset's pairs otherwise (null when the subset has too few pairs).
    /// </summary>
    public static PairedComparison? Versus(ExperimentResults r, string variant, string subset)
    {
        var model = r.Model(variant)!;
        if (subset == PairSubset.All.Key) return model.VersusBaseline;
        var of = SubsetOf(r, subset);
        var members = r.TestPairs.Select((p, i) => (p, i)).Where(x => of.Contains(x.p)).Select(x => x.i).ToList();
        if (members.Count < 3) return null;
        return Bootstrap.CompareSrcc(members.Select(i => model.ClapScores[i]).ToArray(),
            members.Select(i => r.Baseline.ClapScores[i]).ToArray(),
            members.Select(i => r.TestPairs[i].Subjective01).ToArray(), r.Options.BootstrapResamples, r.Options.Seed);
    }

    private static PairSubset SubsetOf(ExperimentResults r, string key) =>
        SubsetEvaluator.Subsets(r.TestPairs.Select(p => p.System)).Single(s => s.Key == key);
}
