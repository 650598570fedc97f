namespace HumanClap.Common;

/// <summary>Checks, before any work, that outputs can be written where the user asked: the folder can be created and
/// a file created and deleted in it. Problems are <see cref="UserInputException"/>s naming the path and the option.
/// </summary>
public static class OutputCheck
{
    /// <summary>A file to be written at <paramref name="path"/> (e.g. --out OUT.csv).</summary>
    public static void File(string path, string option)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full)) throw new UserInputException($"{option} {path}: is a folder, expected a file name");
        if (System.IO.File.Exists(full) && new FileInfo(full).IsReadOnly)
            throw new UserInputException($"{option} {path}: the existing file is read-only");
        Folder(Path.GetDirectoryName(full)!, option, path);
    }

    /// <summary>A folder that outputs go into (e.g. --out DIR).</summary>
    public static void Folder(string dir, string option, string? given = null)
    {
        given ??= dir;
        if (System.IO.File.Exists(dir))
            throw new UserInputException($"{option} {given}: {dir} is a file, expected a folder");
        try
        {
            Directory.CreateDirectory(dir);
            var probe = Path.Combine(dir, $".humanclap-write-check.{Environment.ProcessId}.{Guid.NewGuid():N}");
            using (new FileStream(
                       probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserInputException($"{option} {given}: cannot write in {dir} ({e.Message})", e);
        }
    }
}
