using System.Globalization;
using System.Text.Json;
using HumanClap.Common;
using HumanClap.Synthetic;

namespace HumanClap.Experiments;

/// <summary>What a reproduce run folder belongs to. The options that decide the results are recorded in run.json when
/// a run starts; a later run into the same folder with other options is refused before anything in it changes (it
/// would mix two runs: a world of one seed beside checkpoints of another), naming the option and the way out.</summary>
public static class RunFolder
{
    public const string ManifestFile = "run.json";
    private const string World = "world", ClapMini = "clap-mini", Baseline = "baseline", Variants = "variants",
        Tables = "tables", Figures = "figures", Results = "results.json";

    /// <summary>Everything a run writes at the top of its folder: what --force removes (nothing else).</summary>
    public static readonly string[] OwnedEntries =
        [World, ClapMini, Baseline, Variants, Tables, Figures, Results, ManifestFile];

    /// <summary>The synthetic world (<see cref="Synthetic.WorldFolder"/>).</summary>
    public static string WorldDir(string runDir) => Path.Combine(runDir, World);

    /// <summary>The untrained clap-mini the synthetic baseline is pretrained from.</summary>
    public static string ClapMiniDir(string runDir) => Path.Combine(runDir, ClapMini);

    /// <summary>The synthetic baseline's training (checkpoints, history).</summary>
    public static string BaselineDir(string runDir) => Path.Combine(runDir, Baseline);

    /// <summary>A loss variant's training, in a folder named after the loss (e.g. wSCE+MSE -> variants/wsce-mse).
    /// </summary>
    public static string VariantDir(string runDir, string lossName) => Path.Combine(runDir, Variants, Slug(lossName));

    public static string TablesDir(string runDir) => Path.Combine(runDir, Tables);
    public static string FiguresDir(string runDir) => Path.Combine(runDir, Figures);
    public static string ResultsJson(string runDir) => Path.Combine(runDir, Results);

    /// <summary>Options recorded in run.json that never refuse a folder: what they decide is recomputed by every run
    /// and nothing in the folder depends on it (the --compare checkpoints are scored afresh; the trainings are
    /// theirs alone), so a finished run can gain or lose comparisons without retraining.</summary>
    public static readonly string[] RecomputedEveryRun = ["--compare"];

    /// <summary>The options that decide a run's results, by command-line name.</summary>
    public static SortedDictionary<string, string> Identity(ExperimentOptions o)
    {
        var (epochs, lr, pretrainEpochs) = o.Schedule();
        string Num(double x) => x.ToString("R", CultureInfo.InvariantCulture);
        string PathOf(string? p) => p is null ? "" : Path.GetFullPath(p);
        return new(StringComparer.Ordinal)
        {
            ["--scale"] = o.IsRealData ? "" : o.Scale ?? "", ["--seed"] = o.Seed.ToString(CultureInfo.InvariantCulture),
            ["--epochs"] = epochs.ToString(CultureInfo.InvariantCulture), ["--lr"] = Num(lr),
            ["--pretrain-epochs"] = pretrainEpochs.ToString(CultureInfo.InvariantCulture),
            ["--pretrain-lr"] = pretrainEpochs > 0 ? Num(o.PretrainLearningRate) : "",
            ["--checkpoint"] = PathOf(o.Checkpoint), ["--ratings"] = PathOf(o.Ratings),
            ["--audio-root"] = PathOf(o.AudioRoot),
            ["--compare"] = string.Join("; ", o.Compare.Select(PathOf)),
            ["batch size"] = o.BatchSize.ToString(CultureInfo.InvariantCulture),
            ["loss variants"] = string.Join(", ", o.Variants.Select(v => v.Name)),
            ["bootstrap resamples"] = o.BootstrapResamples.ToString(CultureInfo.InvariantCulture),
        };
    }

    /// <summary>Clears the folder when asked (<see cref="ExperimentOptions.StartAfresh"/>), refuses a folder of another
    /// run, then records this run's options.</summary>
    public static void Prepare(ExperimentOptions o)
    {
        if (o.StartAfresh) ClearRun(o.OutDir);
        var mine = Identity(o);
        var recorded = Recorded(o.OutDir);
        var differing = recorded is null ? [] : Differing(mine, recorded, missingDiffers: false);
        if (differing.Count > 0)
            throw new UserInputException(
                $"{o.OutDir} holds a run with " +
                $"{string.Join(", ", differing.Select(k => $"{k} {Show(recorded![k])}"))}; " +
                $"this run has {string.Join(", ", differing.Select(k => $"{k} {Show(mine[k])}"))}; " +
                "give another --out, or --force to start afresh (removes that run's files)");
        Directory.CreateDirectory(o.OutDir);
        AtomicFile.WriteAllText(Path.Combine(o.OutDir, ManifestFile),
            JsonSerializer.Serialize(mine, new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    /// <summary>The folder records a run of exactly these options (what <see cref="Prepare"/> would accept without
    /// clearing anything).</summary>
    public static bool Matches(ExperimentOptions o) => Recorded(o.OutDir) is { } recorded
        && Differing(Identity(o), recorded, missingDiffers: true).Count == 0;

    /// <summary>The options that decide the results and differ from the recorded ones; an option the record lacks
    /// (a folder from before it was recorded) differs only when <paramref name="missingDiffers"/>.</summary>
    private static List<string> Differing(IReadOnlyDictionary<string, string> mine,
        IReadOnlyDictionary<string, string> recorded, bool missingDiffers) =>
        mine.Where(kv => !RecomputedEveryRun.Contains(kv.Key))
            .Where(kv => recorded.TryGetValue(kv.Key, out var theirs) ? theirs != kv.Value : missingDiffers)
            .Select(kv => kv.Key).ToList();

    private static string Show(string value) => value.Length == 0 ? "(none)" : value;

    /// <summary>run.json; for a folder written before run.json existed, the world's scale and seed.</summary>
    private static Dictionary<string, string>? Recorded(string outDir)
    {
        var manifest = Path.Combine(outDir, ManifestFile);
        if (File.Exists(manifest))
        {
            try { return JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(manifest)); }
            catch (JsonException e)
            {
                throw new UserInputException(
                    $"{manifest}: unreadable ({e.Message}); give another --out, or --force to start afresh", e);
            }
        }
        if (new WorldFolder(WorldDir(outDir)).ReadManifest() is { } world)
            return new()
            {
                ["--scale"] = world.Scale.Name ?? "", ["--seed"] = world.Seed.ToString(CultureInfo.InvariantCulture),
            };
        return null;
    }

    /// <summary>Lower-case letters and digits, every other character a dash (a doubled dash halved), trimmed of
    /// dashes: a folder name valid on every file system.</summary>
    private static string Slug(string name) =>
        new string(name.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray())
            .Trim('-').Replace("--", "-");

    /// <summary>Removes what a run writes (<see cref="OwnedEntries"/> and their temporary siblings), nothing else:
    /// --out pointed at a folder with other files never loses them.</summary>
    public static void ClearRun(string outDir)
    {
        if (!Directory.Exists(outDir)) return;
        foreach (var entry in Directory.EnumerateFileSystemEntries(outDir))
        {
            var name = Path.GetFileName(entry);
            bool owned = OwnedEntries.Any(e => name == e || name.StartsWith(e + ".") || name.StartsWith("." + e));
            if (!owned) continue;
            Remove(entry);
        }
    }

    /// <summary>Empties a folder except its lock (synth --force: the folder is the world).</summary>
    public static void ClearAll(string dir)
    {
        if (!Directory.Exists(dir)) return;
        foreach (var entry in Directory.EnumerateFileSystemEntries(dir).Where(e => !RunLock.IsLockFile(e)))
        {
            Remove(entry);
        }
    }

    /// <summary>A symbolic link is removed, never followed: what it points to is not the run's.</summary>
    private static void Remove(string entry)
    {
        var info = new FileInfo(entry);
        if (info.LinkTarget is null && Directory.Exists(entry)) Directory.Delete(entry, recursive: true);
        else info.Delete();
    }
}
