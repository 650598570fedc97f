using System.Text;

namespace HumanClap.Common;

/// <summary>Writes a file so that readers see either the previous good file or the complete new one, never a part:
/// the content goes to a temporary file in the same folder (same filesystem, so the rename is atomic), is flushed
/// to disk, then renamed over the final name. On any failure (full disk, exception in the writer) the temporary
/// file is deleted and the previous file is left untouched.</summary>
public static class AtomicFile
{
    private static readonly UTF8Encoding Utf8 = new(false);

    public static void Write(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        var tmp = TempNameFor(full);
        try
        {
            using (var stream = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(tmp, full, overwrite: true);
        }
        catch (Exception e)
        {
            TryDelete(tmp);
            // The temporary name means nothing to the user: the message names the file they asked for.
            if (e is IOException and not FileNotFoundException)
                throw new IOException($"cannot write {full}: {e.Message}", e);
            throw;
        }
    }

    public static void WriteAllText(string path, string text) =>
        Write(path, s => { var bytes = Utf8.GetBytes(text); s.Write(bytes, 0, bytes.Length); });

    public static void WriteAllBytes(string path, byte[] bytes) => Write(path, s => s.Write(bytes, 0, bytes.Length));

    public static void WriteText(string path, Action<TextWriter> write) =>
        Write(path, s =>
        {
            using var w = new StreamWriter(s, Utf8, 1 << 16, leaveOpen: true);
            write(w);
        });

    /// <summary>Produces the file with a tool that only writes to a path it is given (e.g. an image exporter):
    /// <paramref name="produce"/> gets a temporary path in the same folder; the result is renamed when it exists.
    /// </summary>
    public static bool Produce(string path, Func<string, bool> produce)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var tmp = TempNameFor(full);
        try
        {
            if (!produce(tmp) || !File.Exists(tmp)) { TryDelete(tmp); return false; }
            File.Move(tmp, full, overwrite: true);
            return true;
        }
        catch
        {
            TryDelete(tmp);
            throw;
        }
    }

    /// <summary>Hidden, unique per writer (two processes never share one), keeps the extension so that tools which
    /// look at it still work.</summary>
    public static string TempNameFor(string fullPath) =>
        Path.Combine(Path.GetDirectoryName(fullPath)!,
            $".{Path.GetFileNameWithoutExtension(fullPath)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp" +
            Path.GetExtension(fullPath));

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
