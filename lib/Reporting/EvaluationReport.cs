using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using HumanClap.Common;
using HumanClap.Evaluation;
using HumanClap.Metrics;

namespace HumanClap.Reporting;

/// <summary>Writes an evaluation's folder, every file atomically: scores.csv (clip × backbone), per-prompt.csv,
/// systems.csv, comparisons.csv, results.json, report.md and report.html (Plotly, offline). The same scores give the
/// same files byte for byte.</summary>
public static class EvaluationReport
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static void Write(string outDir, EvaluationResults r, IReadOnlyList<ClipScore> scores,
        ListenerRatings? ratings)
    {
        Directory.CreateDirectory(outDir);
        ScoresFile.Write(Path.Combine(outDir, ScoresFile.Name), scores);
        WritePerPrompt(Path.Combine(outDir, "per-prompt.csv"), r, scores);
        CsvIO.Write(Path.Combine(outDir, "systems.csv"),
            ["backbone", "system", "category", "prompts", "clapscore", "clapscore_lower", "clapscore_upper", "cosine",
             "cosine_lower", "cosine_upper"],
            r.Means.Concat(r.CategoryMeans).Select(m => (IReadOnlyList<string?>)
            [
                m.Backbone, m.System, m.Category, m.Prompts.ToString(CultureInfo.InvariantCulture),
                .. Cells(m.ClapScore), .. Cells(m.Cosine),
            ]));
        CsvIO.Write(Path.Combine(outDir, "comparisons.csv"),
            ["backbone", "system_a", "system_b", "common_prompts", "difference", "lower", "upper", "p"],
            r.Comparisons.Select(c => (IReadOnlyList<string?>)
            [
                c.Backbone, c.SystemA, c.SystemB, c.CommonPrompts.ToString(CultureInfo.InvariantCulture),
                CsvIO.Format(c.Difference), CsvIO.Format(c.Lower), CsvIO.Format(c.Upper), CsvIO.Format(c.PValue),
            ]));
        AtomicFile.WriteAllText(Path.Combine(outDir, "results.json"), JsonSerializer.Serialize(r, Json) + "\n");
        AtomicFile.WriteAllText(Path.Combine(outDir, "report.md"), Markdown(r));
        AtomicFile.WriteAllText(Path.Combine(outDir, "report.html"), Html(r, scores, ratings));
    }

    private static string?[] Cells(Interval i) =>
        [CsvIO.Format(i.Estimate), CsvIO.Format(i.Lower), CsvIO.Format(i.Upper)];

    /// <summary>One row per (prompt, system), a CLAPScore column per backbone (empty where the clip failed).</summary>
    private static void WritePerPrompt(string path, EvaluationResults r, IReadOnlyList<ClipScore> scores)
    {
        var byClip = scores.GroupBy(s => s.Clip).OrderBy(g => g.Key.PromptId, StringComparer.Ordinal)
            .ThenBy(g => g.Key.System, StringComparer.Ordinal);
        CsvIO.Write(path, ["prompt_id", "category", "text", "system", "audio", .. r.Backbones],
            byClip.Select(g => (IReadOnlyList<string?>)
            [
                g.Key.PromptId, g.Key.Category, g.Key.Text, g.Key.System, g.Key.AudioPath,
                .. r.Backbones.Select(b => CsvIO.Format(g.FirstOrDefault(s => s.Backbone == b)?.ClapScore)),
            ]));
    }

    private static string F(double x) => ReportTable.Number(x);
    private static string F(Interval i) => $"{F(i.Estimate)} [{F(i.Lower)}, {F(i.Upper)}]";
    private static string P(double p) => double.IsNaN(p) ? "–" : p < 0.001 ? "<0.001"
        : p.ToString("F3", CultureInfo.InvariantCulture);

    /// <summary>The report's sections as (heading, explanation, table), shared by Markdown and HTML.</summary>
    public static IReadOnlyList<(string Heading, string Text, ReportTable Table)> Sections(EvaluationResults r)
    {
        var sections = new List<(string, string, ReportTable)>
        {
            ("Mean CLAPScore", "Per system and backbone, over the prompts every system has; 95% bootstrap interval " +
                               "over prompts.", MeansTable(r, r.Means)),
            ("Rankings", "Each judge's order of the systems, best first.", RankingsTable(r)),
            ("Ranking agreement", "Kendall's τ-b between two judges' system means (1: same order, −1: reversed).",
                AgreementTable(r)),
            ("Paired comparisons", "System A minus system B per backbone, on the prompts both have: mean CLAPScore " +
                                   "difference, paired bootstrap 95% interval, two-sided p.", ComparisonsTable(r)),
        };
        foreach (var c in r.Categories)
            sections.Add(($"Category: {c}", "Mean CLAPScore on this category's prompts.",
                MeansTable(r, r.CategoryMeans.Where(m => m.Category == c).ToList())));
        if (r.Listeners is { } l)
            sections.Add(("Agreement with the listeners", ListenersText(r, l), ListenersTable(l)));
        if (r.Failed.Count > 0)
            sections.Add(("Clips not scored", $"{r.Failed.Count} clip scores failed; the rest were scored.",
                new ReportTable(["backbone", "system", "prompt", "error"], r.Failed.Take(50)
                    .Select(f => (IReadOnlyList<string>)[f.Backbone, f.System, f.PromptId, f.Error]).ToList())));
        return sections;
    }

    private static string Summary(EvaluationResults r)
    {
        var sb = new StringBuilder();
        sb.Append($"{r.Systems.Count} systems ({string.Join(", ", r.Systems)}), {r.Backbones.Count} CLAP backbones " +
                  $"({string.Join(", ", r.Backbones)}), {r.Clips} clips. ");
        sb.Append(r.CommonPrompts == r.Prompts ? $"Every system has all {r.Prompts} prompts. "
            : $"{r.CommonPrompts} of {r.Prompts} prompts have a clip of every system: means and rankings use those, " +
              "each pair comparison the prompts both systems have. ");
        if (r.Failed.Count > 0) sb.Append($"{r.Failed.Count} clip scores failed (listed at the end). ");
        if (r.ClosestToListeners is { } best)
            sb.Append($"Closest to the listeners' ranking: {best.Backbone} (Kendall's τ {F(best.SystemKendallTau)}, " +
                      $"pair-level SRCC {F(best.Srcc.Estimate)}). ");
        sb.Append($"Intervals: {r.Resamples} bootstrap resamples, seed {r.Seed}.");
        return sb.ToString();
    }

    private static string ListenersText(EvaluationResults r, ListenerAgreement l) =>
        $"{l.RatedClips} clips rated ({l.UnratedClips} not). Pair level: CLAPScore against the mean rating rescaled " +
        "to 0–1, with 95% bootstrap intervals over clips; system level: Kendall's τ between the backbone's ranking " +
        $"and the listeners' ({string.Join(" > ", l.Listeners.Systems)}). Noise ceiling of the pair means: SRCC " +
        $"{F(l.NoiseCeiling.CeilingSrcc)}, LCC {F(l.NoiseCeiling.CeilingLcc)} ({l.NoiseCeiling.Pairs} pairs rated " +
        "at least twice).";

    private static ReportTable MeansTable(EvaluationResults r, IReadOnlyList<SystemScore> means) =>
        new(["system", .. r.Backbones], r.Systems.Select(s => (IReadOnlyList<string>)
        [
            s, .. r.Backbones.Select(b => means.FirstOrDefault(m => m.Backbone == b && m.System == s) is { } m
                ? $"{F(m.ClapScore)} (n {m.Prompts})" : "–"),
        ]).ToList());

    private static ReportTable RankingsTable(EvaluationResults r) =>
        new(["rank", .. r.Rankings.Select(k => k.Judge)], Enumerable.Range(0, r.Systems.Count)
            .Select(i => (IReadOnlyList<string>)
            [
                (i + 1).ToString(CultureInfo.InvariantCulture),
                .. r.Rankings.Select(k => i < k.Systems.Count ? $"{k.Systems[i]} ({F(k.Means[i])})" : "–"),
            ]).ToList());

    private static ReportTable AgreementTable(EvaluationResults r)
    {
        var judges = r.Rankings.Select(k => k.Judge).ToList();
        return new(["", .. judges], judges.Select(a => (IReadOnlyList<string>)
        [
            a, .. judges.Select(b => a == b ? "1" : F(r.RankAgreements
                .First(x => x.JudgeA == a && x.JudgeB == b || x.JudgeA == b && x.JudgeB == a).KendallTau)),
        ]).ToList());
    }

    private static ReportTable ComparisonsTable(EvaluationResults r) =>
        new(["backbone", "A − B", "difference [95%]", "p", "prompts"], r.Comparisons.Select(c =>
            (IReadOnlyList<string>)
            [
                c.Backbone, $"{c.SystemA} − {c.SystemB}", $"{F(c.Difference)} [{F(c.Lower)}, {F(c.Upper)}]",
                P(c.PValue), c.CommonPrompts.ToString(CultureInfo.InvariantCulture),
            ]).ToList());

    private static ReportTable ListenersTable(ListenerAgreement l) =>
        new(["backbone", "pairs", "SRCC", "LCC", "Kendall τ", "MSE", "system τ"], l.Backbones.Select(b =>
            (IReadOnlyList<string>)
            [
                b.Backbone, b.Pairs.ToString(CultureInfo.InvariantCulture), F(b.Srcc), F(b.Lcc), F(b.KendallTau),
                F(b.Mse), F(b.SystemKendallTau),
            ]).ToList());

    public static string Markdown(EvaluationResults r)
    {
        var sb = new StringBuilder("# Text-to-audio evaluation\n\n").Append(Summary(r)).Append("\n\n");
        foreach (var (heading, text, table) in Sections(r))
            sb.Append("## ").Append(heading).Append("\n\n").Append(text).Append("\n\n").Append(table.ToMarkdown())
                .Append('\n');
        return sb.ToString();
    }

    private const string ReportStyle = "body{font-family:sans-serif;max-width:1100px;margin:auto;padding:1em}" +
        "table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:.25em .6em;" +
        "text-align:left}";

    public static string Html(EvaluationResults r, IReadOnlyList<ClipScore> scores, ListenerRatings? ratings)
    {
        var sb = new StringBuilder("<h1>Text-to-audio evaluation</h1>\n<p>")
            .Append(System.Net.WebUtility.HtmlEncode(Summary(r))).Append("</p>\n");
        int figure = 0;
        void Chart(Plotly.NET.GenericChart c) => sb.Append(ChartHtml.Fragment(c, $"figure-{++figure}")).Append('\n');
        Chart(EvaluationFigures.SystemMeans(r));
        if (r.Listeners is not null && ratings is not null)
            foreach (var b in r.Backbones) Chart(EvaluationFigures.ScoreVsRating(r, scores, ratings, b));
        if (r.Rankings.Count > 1) Chart(EvaluationFigures.RankingAgreement(r));
        foreach (var (heading, text, table) in Sections(r))
            sb.Append("<h2>").Append(System.Net.WebUtility.HtmlEncode(heading)).Append("</h2>\n<p>")
                .Append(System.Net.WebUtility.HtmlEncode(text)).Append("</p>\n").Append(table.ToHtml());
        return ChartHtml.Page("Text-to-audio evaluation", sb.ToString(), ReportStyle);
    }
}
