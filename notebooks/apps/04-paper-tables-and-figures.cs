#:project ../../HumanClap.Lib.csproj
#:property PublishAot=false
#:property Configuration=Release
// PublishAot=false: file-based apps default to native AOT, which disables the reflection-based JSON that
// TorchSharp.PyBridge (safetensors) and Plotly.NET use. Release: release output folders (the library is optimized
// in every configuration: HumanClap.Lib.csproj).
// Walkthrough 04 as a .NET 10 file-based app: `dotnet notebooks/apps/04-paper-tables-and-figures.cs` from the
// repository root. Also the source of notebooks/04-paper-tables-and-figures.ipynb (environment/NotebookGenerator).

//#!markdown
// # The paper's tables and figures, reproduced
//
// Tables 1-3 and Figures 1 and 3 from this library's run, each shown next to the numbers **published in the paper**.
// The paper's numbers are quoted facts obtained with LAION CLAP on the authors' listening test; ours come from the
// synthetic world (or from your real data when you run
// `./humanclap reproduce --checkpoint ... --ratings ... --audio-root ...`). Compare directions and gaps, not values.

//#!header

//#!markdown
// ## The run
// Read from the run folder's `results.json` (the tables, figures and `results.json` of `./humanclap reproduce` are
// in the same folder); trained here only when no finished run exists, which the cell says.

//#!csharp
using HumanClap.Experiments;
using HumanClap.Reporting;

var output = FigureOutput.For("04-paper-tables-and-figures");
var results = PaperReport.LoadOrReproduce(ExperimentOptions.Walkthrough(), Console.Out);
Console.WriteLine(PaperReport.Summary(results));

//#!markdown
// ## Table 1: whole test set

//#!csharp
Console.WriteLine(PaperReport.Markdown(PaperTables.Table1(results)));
Console.WriteLine("Published (" + PublishedResults.Source + "):");
Console.WriteLine(PaperReport.Markdown(PublishedResults.Table1));

//#!markdown
// ## Table 2: natural audio and each text-to-audio system (SRCC)

//#!csharp
Console.WriteLine(PaperReport.Markdown(PaperTables.Table2(results)));
Console.WriteLine("Published:");
Console.WriteLine(PaperReport.Markdown(PublishedResults.Table2));

//#!markdown
// ## Table 3: high (> 5) and low (<= 5) subjective scores (SRCC)

//#!csharp
Console.WriteLine(PaperReport.Markdown(PaperTables.Table3(results)));
Console.WriteLine("Published:");
Console.WriteLine(PaperReport.Markdown(PublishedResults.Table3));

//#!markdown
// ## Figure 1 (baseline) and Figure 3 (a: MSE+MAE, b: wSCE+MAE)

//#!csharp
output.Chart(PaperFigures.Figure1(results), "figure1");

//#!csharp
output.Chart(PaperFigures.Figure3a(results), "figure3a");

//#!csharp
output.Chart(PaperFigures.Figure3b(results), "figure3b");

//#!markdown
// ## Over seeds
// One run is one draw of the world, the splits and the training; a seed study shows what holds across draws. This
// cell only reads: when `./humanclap reproduce --seeds 0-4` (at the run's scale) has written `runs/seeds-SCALE`, it
// shows that study's table and figure; otherwise it says how to make one.

//#!csharp
var studyDir = HumanClap.Common.Workspace.RunPath(
    $"seeds-{Environment.GetEnvironmentVariable("HUMANCLAP_SCALE") ?? "tiny"}");
var studyJson = System.IO.Path.Combine(studyDir, SeedStudyReport.JsonFile);
if (System.IO.File.Exists(studyJson))
{
    var study = SeedStudyReport.Read(studyJson);
    Console.WriteLine(SeedStudyReport.Markdown(study));
    // Named by the report's constant: the chart exists only when a study does.
    output.Chart(SeedStudyReport.GainsFigure(study), SeedStudyReport.TableName);
}
else
    Console.WriteLine($"No seed study in {studyDir}: `./humanclap reproduce --scale " +
                      $"{Environment.GetEnvironmentVariable("HUMANCLAP_SCALE") ?? "tiny"} --seeds 0-4` makes one " +
                      "(the committed five-seed study of the default scale is in docs/reproduce.md).");
