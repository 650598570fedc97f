using HumanClap.Common;

namespace HumanClap.Evaluation;

/// <summary>A CLAP model the systems are scored with, named for the report (any checkpoint
/// <see cref="Scoring.ClapScorer.FromPretrained"/> loads).</summary>
public sealed record Backbone(string Name, string Checkpoint)
{
    /// <summary><c>NAME=PATH</c>, or a bare path named after its file or folder.</summary>
    public static Backbone Parse(string spec)
    {
        int eq = spec.IndexOf('=');
        string name = eq >= 0 ? spec[..eq].Trim() : Path.GetFileName(Path.TrimEndingDirectorySeparator(spec.Trim()));
        string path = eq >= 0 ? spec[(eq + 1)..].Trim() : spec.Trim();
        if (name.Length == 0 || path.Length == 0)
            throw new UserInputException($"--model '{spec}': expected NAME=PATH (e.g. laion=630k-audioset-best.pt)");
        if (name.Any(c => c is ',' or '"' or '\n' or '\r'))
            throw new UserInputException($"--model '{spec}': a model name cannot hold commas, quotes or newlines");
        return new Backbone(name, path);
    }

    /// <summary>Parses every spec; two backbones of one name are an error naming it.</summary>
    public static IReadOnlyList<Backbone> ParseAll(IEnumerable<string> specs)
    {
        var all = specs.Select(Parse).ToList();
        if (all.Count == 0) throw new UserInputException("no --model given: name at least one CLAP checkpoint");
        if (all.GroupBy(b => b.Name).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new UserInputException($"--model: two models are named '{twice.Key}'");
        return all;
    }
}
