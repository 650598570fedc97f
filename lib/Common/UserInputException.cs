namespace HumanClap.Common;

/// <summary>A problem with what the user gave (a file, a folder, an option's value), not a bug: the command line
/// prints its message as one line and exits 1. The message names the file, row, key or option.</summary>
public class UserInputException(string message, Exception? inner = null) : Exception(message, inner);
