using System.CommandLine;
using System.Globalization;

namespace HumanClap.Cli;

/// <summary>Typed options with their ranges, so that bad values are parse errors (exit 2) before any work
/// starts.</summary>
public static class CliOptions
{
    public static Option<string> Path(string name, string valueName, string description, bool required = false) =>
        new(name) { Description = description, HelpName = valueName, Required = required };

    /// <summary>A path option that may be given any number of times (each occurrence one path).</summary>
    public static Option<string[]> Paths(string name, string valueName, string description) =>
        new(name) { Description = description, HelpName = valueName, Arity = ArgumentArity.ZeroOrMore };

    public static Option<int> Int(string name, string description, int defaultValue, int min = int.MinValue)
    {
        var option = new Option<int>(name)
        {
            Description = description, HelpName = "N", DefaultValueFactory = _ => defaultValue,
        };
        option.Validators.Add(r =>
        {
            if (TryValue<int>(r, out var v) && v < min) r.AddError($"{name} must be at least {min}, got {v}");
        });
        return option;
    }

    public static Option<int?> OptionalInt(string name, string description, int min)
    {
        var option = new Option<int?>(name) { Description = description, HelpName = "N" };
        option.Validators.Add(r =>
        {
            if (TryValue<int?>(r, out var value) && value is int v && v < min)
                r.AddError($"{name} must be at least {min}, got {v}");
        });
        return option;
    }

    /// <summary>A number greater than <paramref name="above"/> (learning rates, timeouts) or any finite
    /// number.</summary>
    public static Option<double?> Number(
        string name, string description, double? defaultValue = null, double? above = null)
    {
        var option = new Option<double?>(name) { Description = description, HelpName = "X" };
        if (defaultValue is double d) option.DefaultValueFactory = _ => d;
        option.Validators.Add(r =>
        {
            if (!TryValue<double?>(r, out var value) || value is not double v) return;
            if (!double.IsFinite(v))
                r.AddError($"{name} must be a finite number, got {v.ToString(CultureInfo.InvariantCulture)}");
            else if (above is double a && v <= a)
                r.AddError($"{name} must be greater than {a.ToString(CultureInfo.InvariantCulture)}, " +
                           $"got {v.ToString(CultureInfo.InvariantCulture)}");
        });
        return option;
    }

    public static Option<string> Choice(string name, string description, string defaultValue, params string[] choices)
    {
        var option = new Option<string>(name)
        {
            Description = description, HelpName = string.Join("|", choices), DefaultValueFactory = _ => defaultValue,
        };
        option.Validators.Add(r =>
        {
            if (TryValue<string>(r, out var v) && !choices.Contains(v))
                r.AddError($"{name} expects {string.Join(" or ", choices)}, got '{v}'");
        });
        return option;
    }

    public static Option<bool> Flag(string name, string description) => new(name) { Description = description };

    /// <summary>--processor DIR: where the processor files come from when the checkpoint lacks
    /// them (<see cref="HumanClap.Scoring.HfProcessorFiles"/>, <see cref="HumanClap.Scoring.ScorerOptions.ProcessorDir"/>).
    /// </summary>
    public static Option<string> Processor() =>
        Path("--processor", "DIR",
            "folder with the processor files a checkpoint lacks: preprocessor_config.json, vocab.json, merges.txt " +
            "for an HF model published without them (sarulab-speech/human-clap-*: a laion/clap-htsat-fused folder); " +
            "RoBERTa's vocab.json and merges.txt for a LAION .pt (default: the checkpoint's folder)");

    /// <summary>--device cpu|cuda[:N]; whether CUDA is there is checked when the verb runs
    /// (<see cref="DeviceOption"/>).</summary>
    public static Option<string> Device()
    {
        var option = new Option<string>("--device")
        {
            Description = "cpu or cuda[:N]", HelpName = "cpu|cuda", DefaultValueFactory = _ => "cpu",
        };
        option.Validators.Add(r =>
        {
            if (!TryValue<string>(r, out var v)) return;
            if (v != "cpu" && v != "cuda" && !(v.StartsWith("cuda:") && int.TryParse(v[5..], out var n) && n >= 0))
                r.AddError($"--device expects cpu or cuda[:N], got '{v}'");
        });
        return option;
    }

    /// <summary>The option's value, false when its text does not convert (the parser reports that error
    /// itself).</summary>
    private static bool TryValue<T>(System.CommandLine.Parsing.OptionResult r, out T value)
    {
        try { value = r.GetValueOrDefault<T>(); return true; }
        catch (InvalidOperationException) { value = default!; return false; }
    }
}
