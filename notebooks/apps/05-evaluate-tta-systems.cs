#:project ../../HumanClap.Lib.csproj
#:property PublishAot=false
#:property Configuration=Release
// PublishAot=false: file-based apps default to native AOT, which disables the reflection-based JSON that
// TorchSharp.PyBridge (safetensors) and Plotly.NET use. Release: release output folders (the library is optimized
// in every configuration: HumanClap.Lib.csproj).
// Walkthrough 05 as a .NET 10 file-based app: `dotnet notebooks/apps/05-evaluate-tta-systems.cs` from the
// repository root. Also the source of notebooks/05-evaluate-tta-systems.ipynb (environment/NotebookGenerator).

//#!markdown
// # Evaluating text-to-audio systems with several CLAP backbones
//
// What Human-CLAP is for: judging text-to-audio (TTA) systems. The synthetic world's five systems (the natural
// recordings, AudioLDM, AudioLDM 2, Tango and Tango 2) each rendered the test prompts; every clip is scored by the
// run's conventional CLAP and by each Human-CLAP variant, and the scores are set against what the simulated listeners
// said. Every number comes from `Evaluator` and `EvaluationReport` (lib/Evaluation), the same code as
// `./humanclap evaluate --demo`, which writes this report as files (report.html, results.json, scores.csv).

//#!header

//#!markdown
// ## The backbones and the clips
// The backbones are the checkpoints of the walkthroughs' `reproduce` run (`runs/reproduce-tiny`;
// `HUMANCLAP_SCALE=default`: the main job's), read when it is finished and trained here otherwise, which the cell
// says. Scoring every clip with every backbone takes seconds at this scale.

//#!csharp
using System.IO;
using System.Net;
using HumanClap.Evaluation;
using HumanClap.Experiments;
using HumanClap.Reporting;
using HumanClap.Scoring;

var output = FigureOutput.For("05-evaluate-tta-systems");
var run = ExperimentOptions.Walkthrough();
PaperReport.LoadOrReproduce(run with { Log = Console.Out }, Console.Out);
var set = DemoEvaluation.Set(run.OutDir);
var backbones = DemoEvaluation.Backbones(run.OutDir);
var ratings = DemoEvaluation.Ratings(run.OutDir, set);
var scorer = new ScorerOptions { ProcessorDir = DemoEvaluation.ProcessorDir(run.OutDir) };
var scores = Evaluator.Score(new EvaluationOptions { Set = set, Backbones = backbones, Scorer = scorer },
    Console.WriteLine);
var results = Evaluator.Analyse(set, backbones.Select(b => b.Name).ToList(), scores, ratings, resamples: 1000,
    seed: 0);
Console.WriteLine($"{set.Systems.Count} systems, {set.Prompts.Count} prompts, {set.Clips.Count} clips, " +
                  $"{backbones.Count} backbones, {ratings.Means.Count} clips rated by the listeners");

//#!markdown
// ## The systems' mean CLAPScore
// CLAPScore = max(cos(audio, text), 0) per clip, averaged over the prompts every system has. The interval is a 95%
// bootstrap interval over prompts: resample the prompts with replacement 1000 times and keep the middle 95% of the
// means. Compare systems within a backbone; the backbones' scales differ (Human-CLAP is fine-tuned to predict the
// rating, so its scores sit near the ratings' range).

//#!csharp
var sections = EvaluationReport.Sections(results);
// A report section: an HTML table in a notebook, Markdown in the app.
void Show(string heading)
{
    foreach (var (title, text, table) in sections.Where(s => s.Heading.StartsWith(heading, StringComparison.Ordinal)))
        if (InteractiveKernel.DisplayAs($"<h4>{WebUtility.HtmlEncode(title)}</h4><p>{WebUtility.HtmlEncode(text)}</p>" +
                                        table.ToHtml(), "text/html") is null)
            Console.WriteLine($"{title}: {text}\n{table.ToMarkdown()}");
}
Show("Mean CLAPScore");
output.Chart(EvaluationFigures.SystemMeans(results), "system-means");

//#!markdown
// ## Rankings and how much the judges agree
// Each judge (a backbone, or the listeners' mean ratings) orders the systems by its means. Kendall's τ-b between two
// orders counts the system pairs they put the same way minus those they swap, over all pairs: 1 is the same order,
// −1 the reverse, 0 unrelated. With five systems there are ten pairs, so one swap moves τ by 0.2.

//#!csharp
Show("Rankings");
Show("Ranking agreement");
output.Chart(EvaluationFigures.RankingAgreement(results), "ranking-agreement");

//#!markdown
// ## Paired comparisons and categories
// Is system A better than system B under a backbone? The difference of their mean CLAPScore over the prompts both
// have, with a paired bootstrap interval (the same prompts resampled for both) and a two-sided p-value: an interval
// that excludes 0 (p < 0.05) is a difference the prompts support. The categories split the prompts by the number of
// sound events the reference clip holds.

//#!csharp
Show("Paired comparisons");
Show("Category: ");

//#!markdown
// ## Agreement with the listeners
// Pair level, clip by clip: SRCC (rank correlation), LCC (linear correlation), Kendall's τ and MSE of CLAPScore
// against the listeners' mean rating rescaled to 0–1, each with a 95% bootstrap interval over clips. System level:
// Kendall's τ between the backbone's ranking and the listeners'. The noise ceiling is the SRCC a perfect scorer could
// reach given how much the listeners disagree among themselves. At the tiny scale the backbones train for a few
// epochs on a few dozen pairs: read the mechanics here, not which backbone wins.

//#!csharp
Show("Agreement with the listeners");
var listeners = results.Listeners!;
var best = listeners.Backbones.Where(b => b.Backbone != DemoEvaluation.ConventionalBackbone)
    .OrderByDescending(b => double.IsNaN(b.Srcc.Estimate) ? double.NegativeInfinity : b.Srcc.Estimate).First().Backbone;
Console.WriteLine($"best Human-CLAP variant by pair-level SRCC: {best}; closest to the listeners' ranking: " +
                  results.ClosestToListeners!.Backbone);

//#!csharp
output.Chart(EvaluationFigures.ScoreVsRating(results, scores, ratings, DemoEvaluation.ConventionalBackbone),
    "conventional-vs-listeners");

//#!csharp
output.Chart(EvaluationFigures.ScoreVsRating(results, scores, ratings, best), "human-clap-vs-listeners");

//#!markdown
// ## Listen to the clips where the backbones disagree most with the listeners
// A clip's |CLAPScore − mean rating (0–1)| is its share of the MSE above. For the conventional CLAP and for the best
// Human-CLAP variant, the clip it is furthest off on, with both backbones' scores beside the listeners': play them
// and judge who is right. Each player plays the clip's first two seconds and shows the prompt and the listeners'
// ratings (0–10).

//#!csharp
double[] Heard(GeneratedClip clip) => ratings.Of(clip).Select(r => (double)r.Score).ToArray();
var clapScores = scores.Where(s => s.ClapScore is not null)
    .ToDictionary(s => (s.Backbone, s.Clip), s => s.ClapScore!.Value);
string[] compared = [DemoEvaluation.ConventionalBackbone, best];
foreach (var backbone in compared)
{
    var clip = set.Clips.Where(c => ratings.Means.ContainsKey(c) && clapScores.ContainsKey((backbone, c)))
        .MaxBy(c => Math.Abs(clapScores[(backbone, c)] - ratings.Means[c]))!;
    var line = $"furthest off for {backbone}: {clip.System}, prompt {clip.PromptId}: listeners " +
               $"{ratings.Means[clip]:F2}, " + string.Join(", ", compared.Select(b =>
                   $"{b} {(clapScores.TryGetValue((b, clip), out var x) ? x.ToString("F2") : "–")}"));
    // The first 2 s of the clip (about 90 kB in the notebook, which stays under 1 MB with plotly.js).
    var player = new AudioClip(clip.AudioPath, clip.Text, Heard(clip)) { PreviewSeconds = 2 };
    var html = $"<div>{WebUtility.HtmlEncode(line)}</div>{player.ToHtml()}";
    if (InteractiveKernel.DisplayAs(html, "text/html") is null)
        Console.WriteLine($"{line}\n  \"{clip.Text}\" {clip.AudioPath}");
}
