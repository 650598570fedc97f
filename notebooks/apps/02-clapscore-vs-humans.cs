#:project ../../HumanClap.Lib.csproj
#:property PublishAot=false
#:property Configuration=Release
// PublishAot=false: file-based apps default to native AOT, which disables the reflection-based JSON that
// TorchSharp.PyBridge (safetensors) and Plotly.NET use. Release: release output folders (the library is optimized
// in every configuration: HumanClap.Lib.csproj).
// Walkthrough 02 as a .NET 10 file-based app: `dotnet notebooks/apps/02-clapscore-vs-humans.cs` from the repository
// root. Also the source of notebooks/02-clapscore-vs-humans.ipynb (environment/NotebookGenerator).

//#!markdown
// # CLAPScore against human ratings (paper Section 2.3, Figure 1)
//
// The paper's starting point: CLAPScore = max(cos(audio, text), 0) of a conventionally trained CLAP agrees only
// weakly with what listeners say about the same pairs. Here the "conventional CLAP" is `clap-mini` trained
// contrastively (SCE) on the synthetic world's *noisy* web-like captions, and the listeners are the world's simulated
// panel. Every number below comes from `PaperExperiment` and `PaperReport` (the same code as `./humanclap reproduce`).

//#!header

//#!markdown
// ## The run
// The run folder of `./humanclap reproduce --scale tiny` (`HUMANCLAP_SCALE=default`: the main job's). A finished run
// is read from its `results.json` in seconds; only when there is none is it trained here (minutes), which the cell
// says.

//#!csharp
using HumanClap.Experiments;
using HumanClap.Reporting;

var output = FigureOutput.For("02-clapscore-vs-humans");
var results = PaperReport.LoadOrReproduce(ExperimentOptions.Walkthrough() with { Log = Console.Out }, Console.Out);

//#!markdown
// ## How well does the baseline's CLAPScore follow the listeners?
// SRCC/LCC/MSE on the test pairs, with bootstrap 95% intervals and the noise ceiling (the best any scorer can reach
// given rater noise).

//#!csharp
Console.WriteLine(PaperReport.BaselineSummary(results));

//#!markdown
// ## Both model families
// The paper compares LAION CLAP with Microsoft CLAP. On real data, `./humanclap reproduce --checkpoint LAION_DIR
// --ratings REL.csv --audio-root AUDIO --compare CLAP_weights_2023.pth --allow-pickle --out RUN` scores each
// `--compare` checkpoint zero-shot on the same test pairs; open this notebook with `HUMANCLAP_RUN=RUN` to read that
// run: each model gets a line here and a panel in Figure 1. The synthetic world has one model family.

//#!csharp
Console.WriteLine(PaperReport.ComparisonSummary(results));

//#!markdown
// ## Figure 1: baseline CLAPScore vs subjective score

//#!csharp
output.Chart(PaperFigures.Figure1(results), "figure1");
