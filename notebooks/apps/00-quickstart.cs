#:project ../../HumanClap.Lib.csproj
#:property PublishAot=false
#:property Configuration=Release
// PublishAot=false: file-based apps default to native AOT, which disables the reflection-based JSON that
// TorchSharp.PyBridge (safetensors) and Plotly.NET use. Release: release output folders (the library is optimized
// in every configuration: HumanClap.Lib.csproj).
// Walkthrough 00 as a .NET 10 file-based app: `dotnet notebooks/apps/00-quickstart.cs` from the repository root.
// This file is also the source of notebooks/00-quickstart.ipynb (environment/NotebookGenerator): each `//#!` line
// starts a notebook cell, markdown cells are the comment blocks below `//#!markdown`.

//#!markdown
// # Quickstart: CLAPScore with HumanClap
//
// This notebook loads a CLAP checkpoint, scores audio–text pairs and plots the audio × text similarity matrix.
// It uses the tiny **random-weight** fixture checkpoint in `tests/fixtures/clap-parity/tiny_unfused`, so it runs in
// seconds anywhere; the numbers only show the mechanics. Point `checkpoint` at a downloaded `laion/clap-htsat-unfused`
// folder for meaningful scores.

//#!header

//#!markdown
// ## Load the scorer
// `ClapScorer.FromPretrained` reads `config.json`, `model.safetensors`, `preprocessor_config.json`, `vocab.json` and
// `merges.txt` from the folder. Charts appear below their cell in a notebook; as a file-based app they are written to
// `runs/apps/00-quickstart/`.

//#!csharp
using System.IO;
using HumanClap.Audio;
using HumanClap.Common;
using HumanClap.Reporting;
using HumanClap.Scoring;
using Plotly.NET.CSharp;

var output = FigureOutput.For("00-quickstart");
var checkpoint = Workspace.PathOf("tests", "fixtures", "clap-parity", "tiny_unfused");
var scorer = ClapScorer.FromPretrained(checkpoint);
Console.WriteLine($"embedding size {scorer.Model.Config.ProjectionDim}, " +
                  $"sampling rate {scorer.Extractor.Config.SamplingRate} Hz");

//#!markdown
// ## Score matched pairs
// CLAPScore = max(cos(audio, text), 0) (paper, eq. 1); the raw cosine is reported beside it.
// With the random-weight fixture most cosines are negative, so their CLAPScore is clamped to 0.

//#!csharp
string[] clips = ["beeps_10s", "knocks_4s", "click_0p8s", "chirp_noise_7s"];
string[] captions = ["electronic beeps", "someone knocks on a door", "a single click", "a rising chirp in noise"];
var pairs = clips.Select((c, i) => (Path.Combine(checkpoint, c + ".wav"), captions[i])).ToList();

foreach (var p in scorer.ScoreFiles(pairs))
    Console.WriteLine($"{Path.GetFileName(p.Audio),-20} {p.Text,-26} " +
                      $"cosine {p.Cosine,7:F4}  CLAPScore {p.ClapScore,6:F4}");

//#!markdown
// ## Similarity matrix
// Every clip against every caption, in one batch of the library's `PairCosines`.

//#!csharp
var waves = clips.Select(c => AudioLoader.Load(Path.Combine(checkpoint, c + ".wav"), scorer.LoadOptions)).ToList();
var grid = (from a in Enumerable.Range(0, clips.Length)
            from t in Enumerable.Range(0, captions.Length)
            select (a, t)).ToList();
var cosines = scorer.PairCosines(grid.Select(g => waves[g.a]).ToList(), grid.Select(g => captions[g.t]).ToList());
var matrix = clips.Select((_, a) => captions.Select((_, t) => cosines[a * captions.Length + t]).ToArray()).ToArray();
var diagonal = clips.Select((_, i) => matrix[i][i].ToString("F4"));
Console.WriteLine($"diagonal = matched pairs: {string.Join(", ", diagonal)}");

//#!csharp
output.Chart(Chart.Heatmap<double, string, string, string>(zData: matrix, X: captions, Y: clips,
        ColorScale: Plotly.NET.StyleParam.Colorscale.Viridis)
    .WithXAxisStyle<double, double, string>(TitleText: "caption")
    .WithYAxisStyle<double, double, string>(TitleText: "audio clip"), "similarity-matrix");

//#!markdown
// ## The same pairs with Microsoft CLAP
// `ClapScorer.FromPretrained` detects the checkpoint's family: a folder with `msclap_config.json` or a
// `CLAP_weights_*.pth` file is Microsoft CLAP (the paper's second baseline, 2022 or 2023), a folder with
// `config.json` is Hugging Face / LAION CLAP. Both go through one `IAudioTextEmbedder` seam and one cosine.
// Here the random-weight MS CLAP 2023 fixture scores the same pairs; for real scores point `msclap` at
// `CLAP_weights_2023.pth` (`data-manifests/checkpoints/msclap-2023.json`; `./humanclap convert` turns it into
// safetensors once, so no pickle is read afterwards).

//#!csharp
var msclap = Workspace.PathOf("tests", "fixtures", "msclap-parity", "tiny_2023");
var msScorer = ClapScorer.FromPretrained(msclap);
foreach (var s in new[] { scorer, msScorer })
    Console.WriteLine($"{s.Embedder.Family}: embedding size {s.Embedder.EmbeddingSize}, " +
                      $"sampling rate {s.Embedder.SampleRate} Hz");
foreach (var (laion, ms) in scorer.ScoreFiles(pairs).Zip(msScorer.ScoreFiles(pairs)))
    Console.WriteLine($"{Path.GetFileName(laion.Audio),-20} cosine: LAION CLAP {laion.Cosine,7:F4}   " +
                      $"MS CLAP {ms.Cosine,7:F4}");
msScorer.Dispose();
