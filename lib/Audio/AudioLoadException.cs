namespace HumanClap.Audio;

/// <summary>An audio file could not be loaded; <see cref="Path"/> names it and the message says why.</summary>
public sealed class AudioLoadException : HumanClap.Common.UserInputException
{
    /// <summary>The file that failed to load.</summary>
    public string Path { get; }

    /// <summary>Creates the exception; the message is prefixed with the file path.</summary>
    public AudioLoadException(string path, string reason, Exception? inner = null)
        : base($"Cannot load audio file '{path}': {reason}", inner)
    {
        Path = path;
    }
}
