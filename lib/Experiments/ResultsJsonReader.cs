using System.Text.Json;
using System.Text.Json.Nodes;
using HumanClap.Losses;
using HumanClap.Metrics;
using HumanClap.Training;
using HumanClap.Common;

namespace HumanClap.Experiments;

/// <summary>Reads results.json (written by <see cref="ResultsJson"/>) back into <see cref="ExperimentResults"/>, so
/// notebooks and apps show a finished run without recomputing it. Strict: a missing or mistyped field is an
/// <see cref="UserInputException"/> naming the file and the field's path (e.g. <c>models[2].subsets.all.srcc</c>).
/// null stands for NaN, as written.</summary>
public static class ResultsJsonReader
{
    public static ExperimentResults Read(string path, string runDir)
    {
        if (!File.Exists(path))
            throw new MissingFileException($"{path}: no results.json (run `./humanclap reproduce` first)", path);
        JsonNode? root;
        try { root = JsonNode.Parse(File.ReadAllText(path)); }
        catch (JsonException e) { throw new UserInputException($"{path}: not valid JSON ({e.Message})", e); }
        var json = new Field(path, root, "$");
        if (FormatOf(root) != ResultsJson.Format)
            throw new UserInputException(
                $"{path}: written by an older HumanClap " +
                $"(format {FormatOf(root)}, this one reads {ResultsJson.Format}); " +
                "run `./humanclap reproduce` again (finished trainings are reused)");
        var schedule = json["schedule"];
        var testPairs = json["test_pairs"].Items()
            .Select(p => new EvaluatedPair(p["system"].String(), p["subjective"].Number(), 0)).ToList();
        var models = json["models"].Items().Select(m => Model(m, testPairs.Count)).ToList();
        if (models.Count(m => m.IsBaseline) != 1) throw json["models"].Invalid("must hold exactly one baseline model");
        // Optional: only runs given --compare write it.
        var comparisons = json.Has("comparisons")
            ? json["comparisons"].Items().Select(m => Model(m, testPairs.Count)).ToList() : [];
        var scale = json["scale"].OptionalString();
        var options = new ExperimentOptions
        {
            OutDir = Path.GetFullPath(runDir), Seed = schedule["seed"].Int(), Scale = scale,
            Epochs = schedule["epochs"].Int(), LearningRate = schedule["learning_rate"].Number(),
            PretrainEpochs = schedule["pretrain_epochs"].Int(), BatchSize = schedule["batch_size"].Int(),
            BootstrapResamples = schedule["bootstrap_resamples"].Int(),
            Variants = models.Where(m => !m.IsBaseline).Select(m => Loss(json["models"], m.Name)).ToList(),
        };
        // Real-data runs do not pretrain and store null; the option's default then stands.
        if (!schedule["pretrain_learning_rate"].IsNull)
            options = options with { PretrainLearningRate = schedule["pretrain_learning_rate"].Number() };
        return new ExperimentResults(options, json["data"].String(), schedule["epochs"].Int(),
            schedule["learning_rate"].Number(), schedule["pretrain_epochs"].Int(), testPairs, models,
            Ceiling(json["noise_ceiling_test"]), Counts(json["counts"]),
            json["stage_seconds"].Object().ToDictionary(kv => kv.Key, kv => json["stage_seconds"][kv.Key].Number()))
        { Comparisons = comparisons };
    }

    /// <summary>True when <paramref name="path"/> exists and was written in the current format (its other fields are
    /// checked by <see cref="Read"/>).</summary>
    public static bool IsCurrent(string path)
    {
        if (!File.Exists(path)) return false;
        try { return FormatOf(JsonNode.Parse(File.ReadAllText(path))) == ResultsJson.Format; }
        catch (JsonException) { return false; }
    }

    private static int FormatOf(JsonNode? root) =>
        root is JsonObject o && o["format"] is JsonValue v && v.TryGetValue<int>(out var format) ? format : 1;

    private static ModelResult Model(Field m, int testPairs)
    {
        var scores = m["clap_scores"].Items().Select(s => s.Number()).ToArray();
        if (scores.Length != testPairs)
            throw m["clap_scores"].Invalid($"has {scores.Length} scores for {testPairs} test pairs");
        var subsets = m["subsets"].Object()
            .Select(kv => new SubsetMetrics(kv.Key, Metric(m["subsets"][kv.Key]))).ToList();
        var i = m["intervals_95"];
        var versus = m["versus_baseline"] is { IsNull: false } v
            ? new PairedComparison(v["n"].Int(), v["resamples"].Int(), v["srcc"].Number(), v["srcc_baseline"].Number(),
                v["srcc_difference"].Number(), v["lower"].Number(), v["upper"].Number(), v["p_value"].Number())
            : null;
        var history = m["history"].Items().Select(h => new EpochRecord(h["epoch"].Int(), h["train_loss"].Number(),
            h["validation_loss"].Number(), h["validation_mse"].Number(), h["best"].Bool(), h["seconds"].Number(),
            h["working_set_bytes"].Long())).ToList();
        return new ModelResult(m["name"].String(), m["baseline"].Bool(), m["checkpoint"].String(), scores, subsets,
            new MetricIntervals(i["n"].Int(), i["resamples"].Int(),
                Interval(i["srcc"]), Interval(i["lcc"]), Interval(i["mse"])),
            versus, history, m["best_epoch"].Int(), m["train_seconds"].Number());
    }

    private static MetricSet Metric(Field f) =>
        new(f["n"].Int(), f["srcc"].Number(), f["lcc"].Number(), f["mse"].Number(), f["kendall_tau"].Number());

    private static Interval Interval(Field f) => new(f["estimate"].Number(), f["lower"].Number(), f["upper"].Number());

    private static NoiseCeilingResult Ceiling(Field f) => new(f["pairs"].Int(), f["splits"].Int(),
        f["split_half_srcc"].Number(), f["reliability_srcc"].Number(), f["srcc"].Number(),
        f["split_half_lcc"].Number(), f["reliability_lcc"].Number(), f["lcc"].Number());

    private static DataCounts Counts(Field f) => new(f["ratings_total"].Int(), f["listeners_total"].Int(),
        f["listeners_flagged"].Int(), f["ratings_kept"].Int(), f["train_pairs"].Int(), f["validation_pairs"].Int(),
        f["test_pairs"].Int(), f["pretrain_clips"].Int(), f["clips_failed"].Int());

    private static HumanClapLoss Loss(Field models, string name)
    {
        try { return HumanClapLoss.Parse(name); }
        catch (UserInputException e) { throw models.Invalid(e.Message); }
    }

    /// <summary>One node with its path, for error messages that say where the file is wrong.</summary>
    private sealed class Field(string file, JsonNode? node, string path)
    {
        public bool IsNull => node is null;

        public Field this[string key] => Object().TryGetPropertyValue(key, out var child)
            ? new Field(file, child, $"{path}.{key}")
            : throw Invalid($"lacks field '{key}'");

        public bool Has(string key) => Object().ContainsKey(key);

        public JsonObject Object() => node as JsonObject ?? throw Invalid("must be an object");

        public IEnumerable<Field> Items() => (node as JsonArray ?? throw Invalid("must be an array"))
            .Select((item, i) => new Field(file, item, $"{path}[{i}]"));

        /// <summary>A number; null is NaN (how the writer stores non-finite values).</summary>
        public double Number() => node is null ? double.NaN : Value<double>("a number");

        public int Int() => Value<int>("an integer");
        public long Long() => Value<long>("an integer");
        public bool Bool() => Value<bool>("true or false");
        public string String() => Value<string>("a string");
        public string? OptionalString() => node is null ? null : String();

        private T Value<T>(string what) => node is JsonValue v && v.TryGetValue<T>(out var value) ? value
            : throw Invalid($"must be {what}, found {node?.ToJsonString() ?? "null"}");

        public UserInputException Invalid(string problem) => new($"{file}: field '{path}' {problem}");
    }
}
