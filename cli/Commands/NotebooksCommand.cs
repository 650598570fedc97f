namespace HumanClap.Cli;

public sealed class NotebooksCommand : ICommand
{
    public string Name => "notebooks";
    public string Summary => "run notebooks headless (default: every notebook in notebooks/)";
    public string Usage => "[PATH ...] [--out DIR]";
    public Task<int> RunAsync(Args args) => throw new NotImplementedException("notebooks: not implemented yet");
}
