#:project ../../HumanClap.Lib.csproj
#:property PublishAot=false
#:property Configuration=Release
// PublishAot=false: file-based apps default to native AOT, which disables the reflection-based JSON that
// TorchSharp.PyBridge (safetensors) and Plotly.NET use. Release: release output folders (the library is optimized
// in every configuration: HumanClap.Lib.csproj).
// Walkthrough 03 as a .NET 10 file-based app: `dotnet notebooks/apps/03-fine-tuning.cs` from the repository root.
// Also the source of notebooks/03-fine-tuning.ipynb (environment/NotebookGenerator).

//#!markdown
// # Human-CLAP fine-tuning: every loss variant (paper Section 3)
//
// Fine-tunes the baseline on the listeners' mean ratings (rescaled to 0..1) with each loss of the paper:
// wSCE+MSE, wSCE+MAE, wSCE, MSE, MAE, and MSE+MAE. AdamW, batch 8, best epoch by validation loss; the learning rate
// and epoch count used for the synthetic world are printed (they differ from the paper's 1e-5 / 50 epochs so the run
// fits a laptop CPU).

//#!header

//#!markdown
// ## The run
// A finished run (`./humanclap reproduce`, or an earlier opening of a walkthrough) is read from its `results.json`.
// Without one, every variant is trained here with live progress; trainings resume from their last checkpoint, so an
// interrupted run continues where it stopped.

//#!csharp
using HumanClap.Experiments;
using HumanClap.Reporting;
using HumanClap.Training;

var output = FigureOutput.For("03-fine-tuning");
var status = output.Status("training progress appears here when the run has to be trained");
var progress = new Progress<TrainingProgress>(p =>
    status.Update($"epoch {p.Epoch}/{p.Epochs}, step {p.Step}/{p.Steps}, running loss {p.RunningLoss:F4}"));
var results = PaperReport.LoadOrReproduce(ExperimentOptions.Walkthrough() with { Progress = progress }, Console.Out);
var schedule = results.Options.Schedule();
Console.WriteLine($"fine-tuning: {schedule.Epochs} epochs, lr {schedule.LearningRate:G3}, " +
                  $"batch {results.Options.BatchSize}; baseline pretraining: {schedule.PretrainEpochs} epochs");

//#!markdown
// ## Loss curves
// Training and validation loss per epoch for each variant (the losses have different scales: compare shapes, not
// heights).

//#!csharp
output.Chart(PaperFigures.LossCurves(results), "training-curves");

//#!markdown
// ## Best epochs and the effect of each loss

//#!csharp
Console.WriteLine(PaperReport.VariantSummary(results));
