using HumanClap.Common;
using System.Text.Json;
using System.Text.Json.Nodes;
using HumanClap.Metrics;

namespace HumanClap.Experiments;

/// <summary>results.json: every number of the reproduction (NaN, e.g. a correlation on a constant subset, as null),
/// including each test pair's subjective score and every model's CLAPScores, so the tables and figures can be redrawn
/// from the file alone (<see cref="ResultsJsonReader"/>, <see cref="ExperimentResults.Load"/>).</summary>
public static class ResultsJson
{
    /// <summary>Bumped when fields are added that readers need; 2 added test pairs, CLAPScores and full
    /// intervals.</summary>
    public const int Format = 2;

    /// <summary>The run's numbers; "comparisons" (the --compare models, as "models" holds the trained ones) only when
    /// the run has any, so runs without them are written as before.</summary>
    public static JsonObject Build(ExperimentResults r)
    {
        var json = Core(r);
        if (r.Comparisons.Count > 0)
            json.Insert(json.IndexOf("models") + 1, "comparisons",
                new JsonArray(r.Comparisons.Select(Model).ToArray<JsonNode?>()));
        return json;
    }

    private static JsonObject Core(ExperimentResults r) => new()
    {
        ["format"] = Format,
        ["data"] = r.DataSource,
        ["scale"] = r.Options.IsRealData ? null : r.Options.Scale,
        ["schedule"] = new JsonObject
        {
            ["epochs"] = r.Epochs, ["learning_rate"] = r.LearningRate, ["batch_size"] = r.Options.BatchSize,
            ["pretrain_epochs"] = r.PretrainEpochs,
            ["pretrain_learning_rate"] = r.PretrainEpochs > 0 ? r.Options.PretrainLearningRate : null,
            ["seed"] = r.Options.Seed, ["bootstrap_resamples"] = r.Options.BootstrapResamples,
        },
        ["counts"] = JsonSerializer.SerializeToNode(r.Counts, Snake),
        ["noise_ceiling_test"] = Ceiling(r.TestNoiseCeiling),
        ["test_pairs"] = new JsonArray(r.TestPairs.Select(p => (JsonNode?)new JsonObject
        {
            ["system"] = p.System, ["subjective"] = Num(p.Subjective01),
        }).ToArray()),
        ["models"] = new JsonArray(r.Models.Select(Model).ToArray<JsonNode?>()),
        ["numerics"] = new JsonObject(Determinism.Current()
            .Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))
            .Append(KeyValuePair.Create("torch_threads", (JsonNode?)TorchSharp.torch.get_num_threads()))),
        ["stage_seconds"] = new JsonObject(r.StageSeconds
            .Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)Num(kv.Value)))),
    };

    public static void Write(ExperimentResults r, string path) =>
        AtomicFile.WriteAllText(path, Build(r).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");

    private static JsonObject Ceiling(NoiseCeilingResult c) => new()
    {
        ["pairs"] = c.Pairs, ["splits"] = c.Splits, ["srcc"] = Num(c.CeilingSrcc), ["lcc"] = Num(c.CeilingLcc),
        ["reliability_srcc"] = Num(c.ReliabilitySrcc), ["reliability_lcc"] = Num(c.ReliabilityLcc),
        ["split_half_srcc"] = Num(c.SplitHalfSrcc), ["split_half_lcc"] = Num(c.SplitHalfLcc),
    };

    private static JsonObject Model(ModelResult m) => new()
    {
        ["name"] = m.Name, ["baseline"] = m.IsBaseline, ["checkpoint"] = m.Checkpoint,
        ["best_epoch"] = m.BestEpoch, ["train_seconds"] = Num(m.TrainSeconds),
        ["subsets"] = new JsonObject(m.Subsets
            .Select(s => KeyValuePair.Create(s.Subset, (JsonNode?)Metric(s.Metrics)))),
        ["intervals_95"] = new JsonObject
        {
            ["n"] = m.Intervals.N, ["resamples"] = m.Intervals.Resamples,
            ["srcc"] = Interval(m.Intervals.Srcc), ["lcc"] = Interval(m.Intervals.Lcc),
            ["mse"] = Interval(m.Intervals.Mse),
        },
        ["versus_baseline"] = m.VersusBaseline is { } v ? new JsonObject
        {
            ["srcc_difference"] = Num(v.Difference), ["lower"] = Num(v.Lower), ["upper"] = Num(v.Upper),
            ["p_value"] = Num(v.PValue),
            ["n"] = v.N, ["resamples"] = v.Resamples, ["srcc"] = Num(v.SrccA), ["srcc_baseline"] = Num(v.SrccB),
        } : null,
        ["history"] = new JsonArray(m.History.Select(h => (JsonNode?)new JsonObject
        {
            ["epoch"] = h.Epoch, ["train_loss"] = Num(h.TrainLoss), ["validation_loss"] = Num(h.ValidationLoss),
            ["validation_mse"] = Num(h.ValidationMse), ["best"] = h.IsBest, ["seconds"] = Num(h.Seconds),
            ["working_set_bytes"] = h.WorkingSetBytes,
        }).ToArray()),
        ["clap_scores"] = new JsonArray(m.ClapScores.Select(Num).ToArray()),
    };

    private static JsonObject Metric(MetricSet m) => new()
    {
        ["n"] = m.N, ["srcc"] = Num(m.Srcc), ["lcc"] = Num(m.Lcc), ["mse"] = Num(m.Mse),
        ["kendall_tau"] = Num(m.KendallTau),
    };

    private static JsonObject Interval(Interval i) => new()
    {
        ["estimate"] = Num(i.Estimate), ["lower"] = Num(i.Lower), ["upper"] = Num(i.Upper),
    };

    private static JsonNode? Num(double v) => double.IsFinite(v) ? JsonValue.Create(Math.Round(v, 6)) : null;

    private static readonly JsonSerializerOptions Snake =
        new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
}
