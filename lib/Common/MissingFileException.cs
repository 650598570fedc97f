namespace HumanClap.Common;

/// <summary>A file or folder the user named (or that a checkpoint must hold) does not exist; the message names it and
/// what it was for.</summary>
public sealed class MissingFileException(string message, string path) : UserInputException(message)
{
    public string Path { get; } = path;
}
