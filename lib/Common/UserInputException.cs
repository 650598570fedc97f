namespace HumanClap.Common;

/// <summary>A problem with what the user gave (a file, a folder, an option's value), not a bug: the command line
/// prints its message as one line and exits 1. The message names the file, row, key or option.
/// <para>Its string form is the message alone: notebook kernels show a failed cell as the exception's
/// <see cref="ToString"/>, and a user error needs the message and the fix it names, not the library's stack
/// (<see cref="Exception.StackTrace"/> still has it).</para></summary>
public class UserInputException(string message, Exception? inner = null) : Exception(message, inner)
{
    public override string ToString() => Message;
}
