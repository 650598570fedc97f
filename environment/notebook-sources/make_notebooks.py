"""Writes notebooks/02..04 as Polyglot (.NET Interactive) notebooks from the cell texts below.
Kept so the notebooks' source is reviewable as plain text; run: python3 environment/notebook-sources/make_notebooks.py"""
import json, pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
HEADER = '''#load "humanclap.csx"  // loads HumanClap from ../artifacts/lib (see notebooks/humanclap.csx)'''

RUN = '''using HumanClap.Experiments;
using HumanClap.Reporting;
// The same run folder as `./humanclap reproduce --scale SCALE`: finished stages are reused, not recomputed.
// HUMANCLAP_SCALE=default uses the main job's world (run `./humanclap reproduce` first to have it ready).
var scale = Environment.GetEnvironmentVariable("HUMANCLAP_SCALE") ?? "tiny";
var options = new ExperimentOptions { Scale = scale, Seed = 0, OutDir = System.IO.Path.GetFullPath($"../runs/reproduce-{scale}") };'''

def md(text): return {"cell_type": "markdown", "metadata": {}, "source": text.strip("\n").splitlines(True)}
def code(text): return {"cell_type": "code", "execution_count": None, "metadata": {"dotnet_interactive": {"language": "csharp"}, "polyglot_notebook": {"kernelName": "csharp"}}, "outputs": [], "source": text.strip("\n").splitlines(True)}

def notebook(name, cells):
    nb = {"cells": cells, "metadata": {"kernelspec": {"display_name": ".NET (C#)", "language": "C#", "name": ".net-csharp"},
          "language_info": {"name": "C#"}, "polyglot_notebook": {"kernelInfo": {"defaultKernelName": "csharp", "items": [{"aliases": [], "name": "csharp"}]}}},
          "nbformat": 4, "nbformat_minor": 5}
    (ROOT / "notebooks" / name).write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n")

notebook("01-rating-analysis.ipynb", [
    md("""
# Rating analysis (paper Section 2.2)

Listeners rated how well a text describes an audio clip on 0..10. Anchors (deliberately mismatched pairs) screen out
careless listeners: the paper drops listeners whose mean anchor score is above 2, then averages each pair's ratings.
This notebook runs that analysis on **RELATE** when it is present (path from `HUMANCLAP_RELATE`, else
`../../shared/data/relate`), and on the **synthetic world** otherwise. Every number comes from `RatingsAnalysis`.
"""),
    code(HEADER),
    code('''using System.IO;
using HumanClap.Experiments;
using HumanClap.Ratings;
using HumanClap.Reporting;
using HumanClap.Synthetic;

// The synthetic world (tiny scale) is always made: its clips are shown at the end (RELATE's audio is a separate download).
var world = Path.GetFullPath("../runs/notebook-world-tiny");
PaperExperiment.EnsureWorld(WorldScale.Tiny, 0, world, Console.Out);

var relate = Environment.GetEnvironmentVariable("HUMANCLAP_RELATE") ?? Path.GetFullPath("../../shared/data/relate");
bool real = File.Exists(Path.Combine(relate, "scores", "REL.csv"));
var dataDir = real ? relate : world;
Console.WriteLine(real ? $"RELATE ratings from {relate}" : $"RELATE not found at {relate}: using the synthetic world in {world}");
var analysis = RatingsAnalysis.Run(new RatingsAnalysisOptions
{
    ScoresCsv = Path.Combine(dataDir, "scores", "REL.csv"),
    ListenersCsv = Path.Combine(dataDir, "listener_attributes", "REL.csv"),
});'''),
    md("## Screening by the anchors\nListeners flagged by the paper's rule (mean anchor score > 2) and what is left."),
    code('''var s = analysis.Summary;
Console.WriteLine($"ratings {s.RatingsTotal} ({s.AnchorRatings} anchors) from {s.ListenersTotal} listeners");
Console.WriteLine($"flagged {s.ListenersFlagged} listeners; kept {s.RatingsKept} ratings");
Console.WriteLine($"pairs kept: AudioCaps-train {s.PairsKept["train"]}, AudioCaps-test {s.PairsKept["test"]}");
RatingsFigures.ListenerAnchorMeans(analysis.Screening.MeanAnchorScore, analysis.Screening.Options.Threshold)'''),
    md("## Report tables\nScreening against the dataset's own exclusion (RELATE only), pairs per system and split, and the noise ceiling: the correlation a perfect scorer could reach given the raters' noise. Read every correlation in the later notebooks against it."),
    code('''foreach (var (name, frame) in RatingsAnalysis.Tables(analysis))
    Console.WriteLine($"{name}\\n{TableFormat.ToMarkdown(frame)}");'''),
    md("## Scores per system and ratings per pair"),
    code('''RatingsFigures.ScoreHistograms(analysis.Data.Ratings)'''),
    code('''RatingsFigures.RatingsPerPair(analysis.Pairs)'''),
    md("## The synthetic world: does screening find the careless listeners, and do ratings follow the truth?\nThe simulator knows which listeners were careless and each pair's true relevance; `WorldDiagnostics` compares."),
    code('''var stats = WorldDiagnostics.Compute(world);
Console.WriteLine($"careless listeners {stats.Careless} of {stats.Listeners}; flagged {stats.Flagged}: precision {stats.ScreeningPrecision:F3}, recall {stats.ScreeningRecall:F3}");
Console.WriteLine($"Spearman with true relevance: single ratings {stats.SpearmanSingleAll:F3} (all), {stats.SpearmanSingleKept:F3} (kept); pair means {stats.SpearmanPairMeanKept:F3}");'''),
    md("## A few clips with their caption and ratings\nOne test caption: the natural clip and the four systems' renderings, as waveform and as the log-mel spectrogram the CLAP extractor gives the model."),
    code('''var worldPairs = RatingsAnalysis.Run(new RatingsAnalysisOptions { ScoresCsv = Path.Combine(world, "scores", "REL.csv") }).Pairs;
var caption = worldPairs.Where(p => p.AudioCapsSplit == "test").GroupBy(p => p.Text).First(g => g.Count() >= 5).Key;
var shown = worldPairs.Where(p => p.Text == caption).OrderBy(p => p.System == "natural" ? "" : p.System).ToList();
Console.WriteLine($"caption: \\"{caption}\\"");
foreach (var p in shown) Console.WriteLine($"  {p.System,-10} {p.WavName,-28} mean rating {p.Mean:F2} (n = {p.Count})");'''),
    code('''var extractor = HumanClap.Audio.ClapFeatureExtractor.FromPretrained(Path.GetFullPath("../tests/fixtures/clap-parity/tiny_unfused"));
var first = shown[0];
var wave = HumanClap.Audio.AudioLoader.Load(Path.Combine(world, first.WavName.TrimStart('/')));
AudioFigures.Waveform(wave, 48000, $"{first.System}: {first.WavName} (mean rating {first.Mean:F2})")'''),
    code('''AudioFigures.MelSpectrogram(extractor, wave, $"log-mel input of {first.WavName}")'''),
    code('''var second = shown[1];
AudioFigures.MelSpectrogram(extractor, HumanClap.Audio.AudioLoader.Load(Path.Combine(world, second.WavName.TrimStart('/'))),
    $"{second.System}: {second.WavName} (mean rating {second.Mean:F2})")'''),
])

notebook("02-clapscore-vs-humans.ipynb", [
    md("""
# CLAPScore against human ratings (paper Section 2.3, Figure 1)

The paper's starting point: CLAPScore = max(cos(audio, text), 0) of a conventionally trained CLAP agrees only weakly
with what listeners say about the same pairs. Here the "conventional CLAP" is `clap-mini` trained contrastively (SCE)
on the synthetic world's *noisy* web-like captions, and the listeners are the world's simulated panel. Every number
below comes from `PaperExperiment` and `PaperReport` (the same code as `./humanclap reproduce`).
"""),
    code(HEADER),
    code(RUN + '''
options = options with { Variants = [] };   // only the baseline here; notebook 03 trains the variants
var results = PaperExperiment.Run(options with { Log = Console.Out });'''),
    md("## How well does the baseline's CLAPScore follow the listeners?\nSRCC/LCC/MSE on the test pairs, with bootstrap 95% intervals and the noise ceiling (the best any scorer can reach given rater noise)."),
    code('''Console.WriteLine(PaperReport.BaselineSummary(results));'''),
    md("## Figure 1: baseline CLAPScore vs subjective score"),
    code('''PaperFigures.Figure1(results)'''),
])

notebook("03-fine-tuning.ipynb", [
    md("""
# Human-CLAP fine-tuning: every loss variant (paper Section 3)

Fine-tunes the baseline on the listeners' mean ratings (rescaled to 0..1) with each loss of the paper:
wSCE+MSE, wSCE+MAE, wSCE, MSE, MAE, and MSE+MAE. AdamW, batch 8, best epoch by validation loss; the learning rate and
epoch count used for the synthetic world are printed (they differ from the paper's 1e-5 / 50 epochs so the run fits a
laptop CPU). Trainings resume from their last checkpoint, so re-running this notebook is quick.
"""),
    code(HEADER),
    code(RUN + '''
var status = "starting".Display();
var progress = new Progress<HumanClap.Training.TrainingProgress>(p =>
    status.Update($"epoch {p.Epoch}/{p.Epochs}, step {p.Step}/{p.Steps}, running loss {p.RunningLoss:F4}"));
var results = PaperExperiment.Run(options with { Progress = progress });
var schedule = results.Options.Schedule();
Console.WriteLine($"fine-tuning: {schedule.Epochs} epochs, lr {schedule.LearningRate:G3}, batch {results.Options.BatchSize}; baseline pretraining: {schedule.PretrainEpochs} epochs");'''),
    md("## Loss curves\nTraining and validation loss per epoch for each variant (the losses have different scales: compare shapes, not heights)."),
    code('''PaperFigures.LossCurves(results)'''),
    md("## Best epochs and the effect of each loss"),
    code('''Console.WriteLine(PaperReport.VariantSummary(results));'''),
])

notebook("04-paper-tables-and-figures.ipynb", [
    md("""
# The paper's tables and figures, reproduced

Tables 1-3 and Figures 1 and 3 from this library's run, each shown next to the numbers **published in the paper**.
The paper's numbers are quoted facts obtained with LAION CLAP on the authors' listening test; ours come from the
synthetic world (or from your real data when you run `./humanclap reproduce --checkpoint ... --ratings ... --audio-root ...`).
Compare directions and gaps, not values.
"""),
    code(HEADER),
    code(RUN + '''
var results = PaperExperiment.Run(options);
var written = PaperReport.Write(results, options.OutDir);
Console.WriteLine($"{written.Count} files in {options.OutDir}");'''),
    md("## Table 1: whole test set"),
    code('''Console.WriteLine(PaperReport.Markdown(PaperTables.Table1(results)));
Console.WriteLine("Published (" + PublishedResults.Source + "):");
Console.WriteLine(PaperReport.Markdown(PublishedResults.Table1));'''),
    md("## Table 2: natural audio and each text-to-audio system (SRCC)"),
    code('''Console.WriteLine(PaperReport.Markdown(PaperTables.Table2(results)));
Console.WriteLine("Published:");
Console.WriteLine(PaperReport.Markdown(PublishedResults.Table2));'''),
    md("## Table 3: high (> 5) and low (<= 5) subjective scores (SRCC)"),
    code('''Console.WriteLine(PaperReport.Markdown(PaperTables.Table3(results)));
Console.WriteLine("Published:");
Console.WriteLine(PaperReport.Markdown(PublishedResults.Table3));'''),
    md("## Figure 1 (baseline) and Figure 3 (a: MSE+MAE, b: wSCE+MAE)"),
    code('''PaperFigures.Figure1(results)'''),
    code('''PaperFigures.Figure3a(results)'''),
    code('''PaperFigures.Figure3b(results)'''),
])
print("wrote notebooks 02-04")
