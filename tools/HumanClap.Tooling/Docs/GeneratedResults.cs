using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HumanClap.Tooling.Benchmarks;
using HumanClap.Common;
using HumanClap.Metrics;
using HumanClap.Reporting;

namespace HumanClap.Tooling.Docs;

/// <summary>The documentation's measured numbers, generated, never typed: a run's results.json and tables/table1.md
/// are copied into a committed folder (docs/results/NAME/), and the sections of docs pages between
/// <c>&lt;!-- generated:NAME --&gt;</c> and <c>&lt;!-- /generated:NAME --&gt;</c> are rewritten from that copy.
/// A test regenerates every section from the committed files and compares it with the page.</summary>
internal static class GeneratedResults
{
    public const string ResultsFile = "results.json", Table1File = "table1.md", BenchFile = "bench.json";

    /// <summary>Copies what the docs quote from a finished run folder into
    /// <paramref name="committedDir"/>.</summary>
    public static void Publish(string runDir, string committedDir)
    {
        var study = Path.Combine(runDir, SeedStudyReport.JsonFile);
        if (File.Exists(study))
        {
            AtomicFile.WriteAllText(Path.Combine(committedDir, SeedStudyReport.JsonFile), File.ReadAllText(study));
            return;
        }
        var results = Path.Combine(runDir, ResultsFile);
        var table1 = Path.Combine(runDir, "tables", Table1File);
        foreach (var f in new[] { results, table1 })
            if (!File.Exists(f)) throw new UserInputException($"--run {runDir}: {f} not found (is the run finished?)");
        AtomicFile.WriteAllText(Path.Combine(committedDir, ResultsFile), File.ReadAllText(results));
        AtomicFile.WriteAllText(Path.Combine(committedDir, Table1File), File.ReadAllText(table1));
    }

    /// <summary>The main job's section: times, counts, Table 1 (verbatim from table1.md), Table 2/3 excerpts.</summary>
    public static string RunSection(string committedDir)
    {
        var json = ReadJson(Path.Combine(committedDir, ResultsFile));
        var table1 = File.ReadAllText(Path.Combine(committedDir, Table1File)).TrimEnd();
        var models = json["models"]!.AsArray().Select(m => m!.AsObject()).ToList();
        var baseline = models.Single(m => m["baseline"]!.GetValue<bool>());
        var variants = models.Where(m => m != baseline).ToList();
        var stages = json["stage_seconds"]!.AsObject();
        var counts = json["counts"]!.AsObject();
        var schedule = json["schedule"]!.AsObject();
        var ceiling = json["noise_ceiling_test"]!.AsObject();
        var variantSeconds = stages.Where(kv => kv.Key.StartsWith("variant "))
            .Select(kv => kv.Value!.GetValue<double>()).ToList();

        var sb = new StringBuilder();
        sb.AppendLine($"Data: {json["data"]}; {F1(stages.Sum(kv => kv.Value!.GetValue<double>()) / 60)} " +
                      "minutes in the stages: " +
                      string.Join(", ", stages.Where(kv => !kv.Key.StartsWith("variant "))
                          .Select(kv => $"{kv.Key} {F1(kv.Value!.GetValue<double>())} s")) +
                      (variantSeconds.Count > 0
                          ? $", each variant {F0(variantSeconds.Min())}–{F0(variantSeconds.Max())} s"
                          : "") +
                      $" (baseline {schedule["pretrain_epochs"]} epochs, variants {schedule["epochs"]} epochs, " +
                      $"batch {schedule["batch_size"]}).");
        sb.AppendLine($"{Int(counts, "ratings_total")} ratings from {Int(counts, "listeners_total")} listeners, " +
                      $"{Int(counts, "listeners_flagged")} flagged by the anchors; " +
                      $"{Int(counts, "train_pairs")} train / {Int(counts, "validation_pairs")} validation / " +
                      $"{Int(counts, "test_pairs")} test pairs" +
                      (json["numerics"] is JsonObject numerics
                          ? "; numerics " + string.Join(", ", numerics.Select(kv => $"{kv.Key}={kv.Value}"))
                          : "") + ".");
        sb.AppendLine();
        sb.AppendLine("Table 1 (test pairs; 95% bootstrap interval of the SRCC; " +
                      "ΔSRCC and p from a paired bootstrap against the baseline; last row the noise ceiling, " +
                      $"split-half reliability {F3(Num(ceiling, "reliability_srcc"))} over {ceiling["pairs"]} pairs):");
        sb.AppendLine();
        sb.AppendLine(table1);
        sb.AppendLine();
        var excerpt = new[] { "wSCE+MAE", "MSE+MAE" }
            .Select(n => variants.FirstOrDefault(m => Name(m) == n)).OfType<JsonObject>()
            .Append(baseline).ToList();
        string[] table2 = ["natural", "audioldm", "audioldm2", "tango", "tango2", "synthesized"];
        sb.AppendLine($"Table 2 (SRCC; {string.Join(" / ", table2)}): " + string.Join("; ", excerpt.Select(m =>
            $"{Name(m)} {string.Join(" / ", table2.Select(s => F3(Srcc(m, s))))}")) + ".");
        string[] table3 = [PairSubset.ByScore(PairSubset.All, high: true).Key,
            PairSubset.ByScore(PairSubset.Synthesized, high: true).Key,
            PairSubset.ByScore(PairSubset.All, high: false).Key];
        sb.AppendLine("Table 3 (SRCC; score > 5 all / synthesized; ≤ 5 all): " + string.Join("; ", excerpt.Select(m =>
            $"{Name(m)} {F3(Srcc(m, table3[0]))} / {F3(Srcc(m, table3[1]))}; {F3(Srcc(m, table3[2]))}")) + ".");
        sb.AppendLine();
        sb.Append(Reading(baseline, variants));
        return sb.ToString();
    }

    /// <summary>The facts a reader should take away, computed: how far the MSE moves, the ΔSRCC range, and which
    /// gains are outside bootstrap noise.</summary>
    private static string Reading(JsonObject baseline, IReadOnlyList<JsonObject> variants)
    {
        double Mse(JsonObject m) => Num(m["subsets"]![PairSubset.All.Key]!.AsObject(), "mse");
        double Delta(JsonObject m) => Num(m["versus_baseline"]!.AsObject(), "srcc_difference");
        double P(JsonObject m) => Num(m["versus_baseline"]!.AsObject(), "p_value");
        var clear = variants.Where(m => P(m) < 0.05)
            .Select(m => $"{Name(m)} ({Signed(Delta(m))}, p {F3(P(m))})").ToList();
        return "Computed reading: fine-tuning moves the MSE between CLAPScore and the rescaled ratings " +
               $"from {F3(Mse(baseline))} to {F3(variants.Min(Mse))}–{F3(variants.Max(Mse))}; " +
               "ΔSRCC against the baseline ranges " +
               $"{Signed(variants.Min(Delta))} to {Signed(variants.Max(Delta))}; outside bootstrap noise (p < 0.05): " +
               (clear.Count == 0 ? "none" : string.Join(", ", clear)) + ".\n";
    }

    /// <summary>The benchmark table; a disturbed run is refused (a <see cref="UserInputException"/>) unless
    /// <paramref name="acceptDisturbed"/>, and then the table is headed by why it counts as disturbed.</summary>
    public static string BenchSection(string benchJson, bool acceptDisturbed = false)
    {
        if (!File.Exists(benchJson)) throw new UserInputException($"{benchJson} not found");
        ThroughputReport r;
        try
        {
            r = System.Text.Json.JsonSerializer.Deserialize<ThroughputReport>(File.ReadAllText(benchJson))
                ?? throw new UserInputException($"{benchJson}: empty");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new UserInputException($"{benchJson}: not a bench result of this version ({e.Message})", e);
        }
        if (r.Disturbance is { } why && !acceptDisturbed)
            throw new UserInputException($"{benchJson}: a disturbed run ({why}); rerun `bench` on a quiet machine " +
                                         "(or publish it with --accept-disturbed)");
        var sb = new StringBuilder();
        if (r.Disturbance is { } reason)
            sb.AppendLine($"**A disturbed run** ({reason}): the absolute rates carry the machine's noise; the " +
                          "ratios measured within the run (to SGEMM, port to NAudio, trainer's to TorchSharp's " +
                          "step) are the figures to compare.\n");
        sb.AppendLine($"Measured: {r.Threads} torch threads, median of {r.Repeats} alternated rounds, " +
                      $"CPU stall share {r.CpuStallShare:P1}, largest repeat spread (max − min) " +
                      $"{r.MaxRepeatSpread:P0}, largest dispersion (median absolute deviation) " +
                      $"{r.MaxRepeatDispersion:P1}; SGEMM-relative figures are the comparable ones across runs.");
        sb.AppendLine();
        sb.AppendLine("| measure | value |");
        sb.AppendLine("|---|---|");
        sb.AppendLine($"| SGEMM 2048³ | {F1(r.SgemmGflops)} GFLOP/s |");
        sb.AppendLine($"| audio branch | {F2(r.AudioClipsPerSecond)} clips/s; encoder {F1(r.AudioGflops)} GFLOP/s = " +
                      $"{r.AudioFractionOfSgemm:P0} of SGEMM; " +
                      $"the extractor is {r.ExtractorShareOfAudioTime:P0} of the audio time |");
        sb.AppendLine($"| text branch, padded to 77 | {F2(r.TextCaptionsPerSecond77)} captions/s; " +
                      $"{F1(r.TextGflops77)} GFLOP/s = {r.TextFractionOfSgemm:P0} of SGEMM |");
        sb.AppendLine($"| text branch, padded to the longest caption ({r.LongestPaddedLength} tokens) | " +
                      $"{F1(r.TextCaptionsPerSecondLongest)} captions/s = " +
                      $"{F1(r.LongestPaddingSpeedup)}× faster than padding to 77 |");
        sb.AppendLine($"| feature extractor alone | {F1(r.ExtractorClipsPerSecond)} clips/s |");
        if (r.MsClap2023 is { } ms)
            sb.AppendLine($"| MS CLAP 2023 audio (7 s, front end in the model) / text (77 tokens) | " +
                          $"{F2(ms.ClipsPerSecond)} clips/s = {ms.AudioFractionOfSgemm:P0} of SGEMM / " +
                          $"{F2(ms.CaptionsPerSecond)} captions/s = {ms.TextFractionOfSgemm:P0} of SGEMM |");
        foreach (var d in r.DecodeResample ?? [])
            sb.AppendLine($"| decode + resample, 10 s WAV {d.SourceRate / 1000.0:0.#} kHz → 48 kHz | " +
                          d.Summary() + " |");
        if (r.TrainStep is { } train) AppendTrainStep(sb, train);
        return sb.ToString();
    }

    private static void AppendTrainStep(StringBuilder sb, TrainStepReport train)
    {
        sb.AppendLine($"| full-size fine-tuning step (batch 8, the trainer's AdamW) | " +
                      $"{F2(train.Lean.StepSeconds)} s/step (update {F2(train.Lean.UpdateSeconds)} s), " +
                      $"peak working set {F2(train.Lean.PeakGiB)} GiB |");
        if (train.TorchAdamW is { } torch)
            sb.AppendLine($"| the same step with TorchSharp's `optim.AdamW` | {F2(torch.StepSeconds)} s/step " +
                          $"(update {F2(torch.UpdateSeconds)} s), peak {F2(torch.PeakGiB)} GiB: " +
                          "the trainer's step is " +
                          $"{F2(train.StepSpeedup ?? 0)}× as fast, update {F2(train.UpdateSpeedup ?? 0)}×, " +
                          $"{F2(train.PeakSavedGiB ?? 0)} GiB less peak |");
    }

    /// <summary>A seed study's section: the time it took, its tables (<see cref="SeedStudyReport.Markdown"/>) and a
    /// reading computed from them.</summary>
    public static string SeedsSection(Experiments.SeedStudyResults s)
    {
        var sb = new StringBuilder();
        double minutes = s.SecondsPerSeed.Values.Sum() / 60;
        sb.AppendLine($"Stages of the {s.Seeds.Count} runs: {F1(minutes)} minutes in all " +
                      $"({string.Join(", ", s.SecondsPerSeed.Select(kv => $"seed {kv.Key} {F1(kv.Value / 60)}"))} " +
                      "min).");
        sb.AppendLine();
        sb.Append(SeedStudyReport.Markdown(s));
        sb.AppendLine();
        sb.AppendLine("Computed reading: " + SeedsReading(s));
        return sb.ToString();
    }

    private static string SeedsReading(Experiments.SeedStudyResults s)
    {
        int n = s.Seeds.Count;
        var all = s.Gains.Where(g => g.Subset == "all").ToList();
        var baseline = s.Models.First(m => m.Subset == "all");
        var above = all.Where(g => g.TLower > 0).Select(g => g.Variant).ToList();
        var below = all.Where(g => g.TUpper < 0).Select(g => g.Variant).ToList();
        var mostly = all.Where(g => 2 * g.Wins > n).Select(g => $"{g.Variant} ({g.Wins}/{n})").ToList();
        var msePairs = s.Models.Where(m => m.Subset == "all" && m.Model != baseline.Model).ToList();
        string Join(IReadOnlyList<string> x) => x.Count == 0 ? "none" : string.Join(", ", x);
        return $"the baseline's SRCC ranges {F3(baseline.Srcc.Min)}–{F3(baseline.Srcc.Max)} over the seeds; " +
               $"mean ΔSRCC of the variants {F3(all.Min(g => g.Mean))} to {F3(all.Max(g => g.Mean))}; " +
               $"95% t interval above 0: {Join(above)}; below 0: {Join(below)}; beat the baseline outside " +
               $"bootstrap noise in most seeds: {Join(mostly)}; the variants' mean MSE " +
               $"{F3(msePairs.Min(m => m.Mse.Mean))}–{F3(msePairs.Max(m => m.Mse.Mean))} against the baseline's " +
               $"{F3(baseline.Mse.Mean)}.";
    }

    /// <summary>The body of a section whose source is not committed yet: says how to produce it, and no
    /// number.</summary>
    public static string Pending(string name) => name == "bench"
        ? "Not generated yet: on a quiet machine run `./humanclap bench --train-step --out bench.json`, then " +
          "`./humanclap report --bench bench.json`.\n"
        : name == "seeds"
        ? "Not generated yet: run `./humanclap reproduce --seeds 0-4`, then " +
          "`./humanclap report --run runs/seeds-default --name seeds`.\n"
        : $"Not generated yet: run `./humanclap reproduce` (the run this section is for), then " +
          $"`./humanclap report --run runs/reproduce-{name} --name {name}`.\n";

    /// <summary>What section <paramref name="name"/> must hold given the committed files under
    /// <paramref name="resultsRoot"/> (docs/results): the test compares each page with this.</summary>
    public static string Expected(string resultsRoot, string name)
    {
        if (name == "bench")
        {
            var bench = Path.Combine(resultsRoot, BenchFile);
            // A committed bench result was published, so accepted: a disturbed one keeps its heading.
            return File.Exists(bench) ? BenchSection(bench, acceptDisturbed: true) : Pending(name);
        }
        var dir = Path.Combine(resultsRoot, name.StartsWith("results-") ? name["results-".Length..] : name);
        if (File.Exists(Path.Combine(dir, SeedStudyReport.JsonFile)))
            return SeedsSection(SeedStudyReport.Read(Path.Combine(dir, SeedStudyReport.JsonFile)));
        return File.Exists(Path.Combine(dir, ResultsFile)) ? RunSection(dir) : Pending(name["results-".Length..]);
    }

    /// <summary>The repository's README.md and docs/*.md pages that hold generated sections.</summary>
    public static IReadOnlyList<string> DocumentsWithSections(string repoRoot) =>
        new[] { Path.Combine(repoRoot, "README.md") }
            .Concat(Directory.GetFiles(Path.Combine(repoRoot, "docs"), "*.md").Order(StringComparer.Ordinal))
            .Where(f => SectionNames(File.ReadAllText(f)).Count > 0).ToList();

    /// <summary>Names of the generated sections in a page.</summary>
    public static IReadOnlyList<string> SectionNames(string readme) =>
        Regex.Matches(readme, @"<!-- generated:([a-z0-9-]+)").Select(m => m.Groups[1].Value).ToList();

    /// <summary>Replaces the body of section <paramref name="name"/>; the markers must already be in the
    /// page.</summary>
    public static string Replace(string readme, string name, string body)
    {
        var pattern = new Regex(
            $@"(<!-- generated:{Regex.Escape(name)}[^>]*-->\n).*?(<!-- /generated:{Regex.Escape(name)} -->)",
            RegexOptions.Singleline);
        if (!pattern.IsMatch(readme))
            throw new UserInputException(
                $"the page has no section '<!-- generated:{name} -->' ... '<!-- /generated:{name} -->'");
        return pattern.Replace(readme, m => m.Groups[1].Value + body.TrimEnd() + "\n" + m.Groups[2].Value, 1);
    }

    /// <summary>The current body of section <paramref name="name"/>, or null.</summary>
    public static string? Section(string readme, string name)
    {
        var m = Regex.Match(readme,
            $@"<!-- generated:{Regex.Escape(name)}[^>]*-->\n(.*?)<!-- /generated:{Regex.Escape(name)} -->",
            RegexOptions.Singleline);
        return m.Success ? m.Groups[1].Value : null;
    }

    private static JsonObject ReadJson(string path)
    {
        if (!File.Exists(path)) throw new UserInputException($"{path} not found");
        return JsonNode.Parse(File.ReadAllText(path)) as JsonObject
               ?? throw new UserInputException($"{path}: not a JSON object");
    }

    private static string Name(JsonObject m) => m["name"]!.GetValue<string>();
    private static double Srcc(JsonObject m, string subset) =>
        m["subsets"]![subset] is JsonObject s ? Num(s, "srcc") : double.NaN;
    private static double Num(JsonObject o, string key) => o[key] is JsonValue v ? v.GetValue<double>() : double.NaN;
    private static int Int(JsonObject o, string key) => o[key]!.GetValue<int>();
    private static string F0(double x) => x.ToString("0", CultureInfo.InvariantCulture);
    private static string F1(double x) => x.ToString("0.0", CultureInfo.InvariantCulture);
    private static string F2(double x) => x.ToString("0.00", CultureInfo.InvariantCulture);
    private static string F3(double x) =>
        double.IsFinite(x) ? x.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";
    private static string Signed(double x) => x.ToString("+0.000;-0.000", CultureInfo.InvariantCulture);
}
