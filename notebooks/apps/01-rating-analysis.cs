#:project ../../HumanClap.Lib.csproj
#:property PublishAot=false
#:property Configuration=Release
// PublishAot=false: file-based apps default to native AOT, which disables the reflection-based JSON that
// TorchSharp.PyBridge (safetensors) and Plotly.NET use. Release: release output folders (the library is optimized
// in every configuration: HumanClap.Lib.csproj).
// Walkthrough 01 as a .NET 10 file-based app: `dotnet notebooks/apps/01-rating-analysis.cs` from the repository root.
// Also the source of notebooks/01-rating-analysis.ipynb (environment/NotebookGenerator): `//#!` lines start cells.

//#!markdown
// # Rating analysis (paper Section 2.2)
//
// Listeners rated how well a text describes an audio clip on 0..10. Anchors (deliberately mismatched pairs) screen out
// careless listeners: the paper drops listeners whose mean anchor score is above 2, then averages each pair's ratings.
// This notebook runs that analysis on **RELATE** when it is present (path from `HUMANCLAP_RELATE`, else
// `../shared/data/relate` beside the repository), and on the **synthetic world** otherwise. Every number comes from
// `RatingsPipeline` (lib/Ratings), the same code the `ratings` command and the experiment run.

//#!header

//#!csharp
using System.IO;
using HumanClap.Audio;
using HumanClap.Common;
using HumanClap.Experiments;
using HumanClap.Ratings;
using HumanClap.Reporting;
using HumanClap.Synthetic;

var output = FigureOutput.For("01-rating-analysis");
// The synthetic world (tiny scale) is always made: its clips are shown at the end (RELATE's audio is a separate
// download).
var world = Workspace.RunPath("notebook-world-tiny");
SyntheticWorld.Ensure(WorldScale.Tiny, 0, world, Console.Out);

var relate = Environment.GetEnvironmentVariable("HUMANCLAP_RELATE")
             ?? Path.GetFullPath(Workspace.PathOf("..", "shared", "data", "relate"));
bool real = File.Exists(Path.Combine(relate, "scores", "REL.csv"));
var dataDir = real ? relate : world;
Console.WriteLine(real ? $"RELATE ratings from {relate}"
                       : $"RELATE not found at {relate}: using the synthetic world in {world}");
var analysis = RatingsPipeline.Run(new RatingsPipelineOptions
{
    ScoresCsv = Path.Combine(dataDir, "scores", "REL.csv"),
    ListenersCsv = Path.Combine(dataDir, "listener_attributes", "REL.csv"),
});

//#!markdown
// ## Screening by the anchors
// Listeners flagged by the paper's rule (mean anchor score > 2) and what is left.

//#!csharp
var s = analysis.Summary;
Console.WriteLine($"ratings {s.RatingsTotal} ({s.AnchorRatings} anchors) from {s.ListenersTotal} listeners");
Console.WriteLine($"flagged {s.ListenersFlagged} listeners; kept {s.RatingsKept} ratings");
Console.WriteLine($"pairs kept: AudioCaps-train {s.PairsKept["train"]}, AudioCaps-test {s.PairsKept["test"]}");
var screening = analysis.Screening;
output.Chart(RatingsFigures.ListenerAnchorMeans(screening.MeanAnchorScore, screening.Options.Threshold),
    "listener-anchor-means");

//#!markdown
// ## Report tables
// Screening against the dataset's own exclusion (RELATE only), pairs per system and split, and the noise ceiling: the
// correlation a perfect scorer could reach given the raters' noise. Read every correlation in the later notebooks
// against it.

//#!csharp
foreach (var (name, frame) in RatingsReport.Tables(analysis))
    Console.WriteLine($"{name}\n{TableFormat.ToMarkdown(frame)}");

//#!markdown
// ## Scores per system and ratings per pair

//#!csharp
output.Chart(RatingsFigures.ScoreHistograms(analysis.Data.Ratings), "scores-per-system");

//#!csharp
output.Chart(RatingsFigures.RatingsPerPair(analysis.Pairs), "ratings-per-pair");

//#!markdown
// ## The synthetic world: does screening find the careless listeners, and do ratings follow the truth?
// The simulator knows which listeners were careless and each pair's true relevance; `WorldDiagnostics` compares.

//#!csharp
var stats = WorldDiagnostics.Compute(world);
Console.WriteLine($"careless listeners {stats.Careless} of {stats.Listeners}; flagged {stats.Flagged}: " +
                  $"precision {stats.ScreeningPrecision:F3}, recall {stats.ScreeningRecall:F3}");
Console.WriteLine($"Spearman with true relevance: single ratings {stats.SpearmanSingleAll:F3} (all), " +
                  $"{stats.SpearmanSingleKept:F3} (kept); pair means {stats.SpearmanPairMeanKept:F3}");

//#!markdown
// ## A few clips with their caption and ratings
// One test caption: the natural clip and the four systems' renderings, as waveform and as the log-mel spectrogram the
// CLAP extractor gives the model.

//#!csharp
var worldScores = Path.Combine(world, "scores", "REL.csv");
var worldPairs = RatingsPipeline.Run(new RatingsPipelineOptions { ScoresCsv = worldScores }).Pairs;
var caption = worldPairs.Where(p => p.AudioCapsSplit == "test").GroupBy(p => p.Text).First(g => g.Count() >= 5).Key;
var shown = worldPairs.Where(p => p.Text == caption).OrderBy(p => p.System == "natural" ? "" : p.System).ToList();
Console.WriteLine($"caption: \"{caption}\"");
foreach (var p in shown) Console.WriteLine($"  {p.System,-10} {p.WavName,-28} mean rating {p.Mean:F2} (n = {p.Count})");

//#!csharp
var fixture = Workspace.PathOf("tests", "fixtures", "clap-parity", "tiny_unfused");
var extractor = ClapFeatureExtractor.FromPretrained(fixture);
var first = shown[0];
var wave = AudioLoader.Load(Path.Combine(world, first.WavName.TrimStart('/')));
var firstTitle = $"{first.System}: {first.WavName} (mean rating {first.Mean:F2})";
output.Chart(AudioFigures.Waveform(wave, 48000, firstTitle), "waveform");

//#!csharp
output.Chart(AudioFigures.MelSpectrogram(extractor, wave, $"log-mel input of {first.WavName}"), "log-mel-1");

//#!csharp
var second = shown[1];
var secondWave = AudioLoader.Load(Path.Combine(world, second.WavName.TrimStart('/')));
var secondTitle = $"{second.System}: {second.WavName} (mean rating {second.Mean:F2})";
output.Chart(AudioFigures.MelSpectrogram(extractor, secondWave, secondTitle), "log-mel-2");
