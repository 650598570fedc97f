namespace HumanClap.Cli;

/// <summary>Minimal `--name value` / `--flag` / positional parser; unknown options are usage errors.</summary>
public sealed class Args
{
    private readonly Dictionary<string, List<string>> _options = new();
    private readonly HashSet<string> _consumed = new();
    public IReadOnlyList<string> Positional { get; }

    public Args(string[] argv, string usage)
    {
        var positional = new List<string>();
        for (int i = 0; i < argv.Length; i++)
        {
            if (argv[i].StartsWith("--"))
            {
                var name = argv[i][2..];
                string? value = null;
                int eq = name.IndexOf('=');
                if (eq >= 0) { value = name[(eq + 1)..]; name = name[..eq]; }
                else if (i + 1 < argv.Length && !argv[i + 1].StartsWith("--")) value = argv[++i];
                if (!_options.TryGetValue(name, out var list)) _options[name] = list = new();
                list.Add(value ?? "true");
            }
            else positional.Add(argv[i]);
        }
        Positional = positional;
    }

    public string? Get(string name) { _consumed.Add(name); return _options.TryGetValue(name, out var v) ? v[^1] : null; }
    public string Required(string name) => Get(name) ?? throw new UsageException($"--{name} is required");
    public bool Flag(string name) => Get(name) is { } v && v != "false";

    public int Int(string name, int fallback)
    {
        var v = Get(name);
        if (v is null) return fallback;
        return int.TryParse(v, out var n) ? n : throw new UsageException($"--{name} expects an integer, got '{v}'");
    }

    public double Double(string name, double fallback)
    {
        var v = Get(name);
        if (v is null) return fallback;
        return double.TryParse(v, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d)
            ? d : throw new UsageException($"--{name} expects a number, got '{v}'");
    }

    /// <summary>Call after reading every option: rejects options the verb does not know.</summary>
    public void EnsureAllConsumed()
    {
        var unknown = _options.Keys.Where(k => !_consumed.Contains(k)).ToList();
        if (unknown.Count > 0) throw new UsageException("unknown option(s): " + string.Join(", ", unknown.Select(k => "--" + k)));
    }
}
