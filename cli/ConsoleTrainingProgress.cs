using HumanClap.Training;

namespace HumanClap.Cli;

/// <summary>A one-line progress bar on stderr, redrawn in place; plain lines per epoch when stderr is redirected
/// (CI logs stay readable).</summary>
public sealed class ConsoleTrainingProgress : IProgress<TrainingProgress>
{
    private readonly bool _interactive = !Console.IsErrorRedirected;

    public void Report(TrainingProgress p)
    {
        if (_interactive)
        {
            int width = 30, filled = p.Steps == 0 ? width : width * p.Step / p.Steps;
            var bar = new string('#', filled) + new string('.', width - filled);
            Console.Error.Write($"\r  epoch {p.Epoch,3}/{p.Epochs} [{bar}] " +
                                $"step {p.Step}/{p.Steps} loss {p.RunningLoss:F4}   ");
            if (p.Step == p.Steps) Console.Error.WriteLine();
        }
        else if (p.Step == p.Steps)
            Console.Error.WriteLine($"  epoch {p.Epoch}/{p.Epochs}: train loss {p.RunningLoss:F4}");
    }
}
