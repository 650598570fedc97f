namespace HumanClap.Cli;

public sealed class ScoreCommand : ICommand
{
    public string Name => "score";
    public string Summary => "CLAPScore for audio-text pairs in a CSV";
    public string Usage => "--checkpoint DIR --pairs PAIRS.csv --out OUT.csv [--batch-size N]";
    public Task<int> RunAsync(Args args) => throw new NotImplementedException("score: not implemented yet");
}
