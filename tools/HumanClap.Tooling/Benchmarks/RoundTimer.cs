using System.Diagnostics;

namespace HumanClap.Tooling.Benchmarks;

/// <summary>Times several measures in alternated rounds (A B C, A B C, ...) after one warm-up each, so that a
/// disturbance during the run hits every measure alike instead of one; reports each measure's median and spread.
/// </summary>
public sealed class RoundTimer
{
    private readonly List<Action> _actions = [];
    private readonly List<List<double>> _times = [];
    private readonly List<string> _names = [];

    /// <param name="name">Names the measure in reports (e.g. the noisiest one).</param>
    public int Add(Action action, string name = "")
    {
        _actions.Add(action);
        _times.Add([]);
        _names.Add(name);
        return _actions.Count - 1;
    }

    /// <summary>Warm-up (first-call allocation, kernel selection) then <paramref name="repeats"/> timed rounds of the
    /// measures not yet run (or only <paramref name="only"/>).</summary>
    public void Run(int repeats, int? only = null)
    {
        var ids = Enumerable.Range(0, _actions.Count)
            .Where(i => only is null ? _times[i].Count == 0 : i == only).ToList();
        foreach (var i in ids) _actions[i]();
        for (int round = 0; round < repeats; round++)
            foreach (var i in ids)
            {
                var sw = Stopwatch.StartNew();
                _actions[i]();
                _times[i].Add(sw.Elapsed.TotalSeconds);
            }
    }

    public double Median(int id)
    {
        var sorted = _times[id].Order().ToList();
        return sorted[sorted.Count / 2];
    }

    /// <summary>(max - min) / median of one measure's repeats.</summary>
    public double Spread(int id) => (_times[id].Max() - _times[id].Min()) / Median(id);

    /// <summary>Median absolute deviation from the median, over the median: one outlying round in three (two in
    /// five) does not move it.</summary>
    public double Dispersion(int id)
    {
        double median = Median(id);
        var deviations = _times[id].Select(t => Math.Abs(t - median)).Order().ToList();
        return deviations[deviations.Count / 2] / median;
    }

    public double MaxDispersion =>
        Enumerable.Range(0, _times.Count).Where(i => _times[i].Count > 0).Select(Dispersion).DefaultIfEmpty(0).Max();

    /// <summary>The name of the measure with the largest <see cref="Dispersion"/> (null when none ran).</summary>
    public string? NoisiestMeasure =>
        Enumerable.Range(0, _times.Count).Where(i => _times[i].Count > 0).MaxBy(Dispersion) is int i ? _names[i] : null;

    public double MaxSpread =>
        Enumerable.Range(0, _times.Count).Where(i => _times[i].Count > 0).Select(Spread).DefaultIfEmpty(0).Max();
}
