using System.Globalization;

namespace HumanClap.Common;

/// <summary>Keeps a second process from working in a run folder while one is running. The lock is an exclusive open
/// of <see cref="FileName"/> (an advisory file lock on Linux, released by the kernel when the holder dies, so a
/// killed run never leaves a stale lock); the holder's PID and start time are written beside it for the message.
/// </summary>
public sealed class RunLock : IDisposable
{
    public const string FileName = ".humanclap.lock";
    public const string HolderFileName = ".humanclap.lock.holder";
    private readonly FileStream _stream;
    private readonly string _holderFile;

    private RunLock(FileStream stream, string holderFile) { _stream = stream; _holderFile = holderFile; }

    /// <summary>True for the lock's own files, which folder-is-empty checks and cleanups skip.</summary>
    public static bool IsLockFile(string path) => Path.GetFileName(path) is FileName or HolderFileName;

    public static RunLock Acquire(string dir, string what = "run")
    {
        Directory.CreateDirectory(dir);
        var lockPath = Path.Combine(dir, FileName);
        var holder = Path.Combine(dir, HolderFileName);
        FileStream stream;
        try { stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
        catch (IOException e)
        {
            throw new UserInputException($"{dir} is in use by another {what} ({DescribeHolder(holder)}); " +
                                         "wait for it to finish or give another --out", e);
        }
        var started = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
        AtomicFile.WriteAllText(holder, $"pid {Environment.ProcessId}, started {started}\n");
        return new RunLock(stream, holder);
    }

    private static string DescribeHolder(string holderFile)
    {
        try { return File.Exists(holderFile) ? File.ReadAllText(holderFile).Trim() : "holder unknown"; }
        catch (IOException) { return "holder unknown"; }
    }

    public void Dispose()
    {
        try { File.Delete(_holderFile); } catch (IOException) { }
        _stream.Dispose();
    }
}
