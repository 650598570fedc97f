using System.Diagnostics;

namespace HumanClap.Tests.Cli;

/// <summary>A tiny tmpfs (to fill it up) or a read-only one, mounted for one test; needs root and mount(8).</summary>
public sealed class SmallFilesystem : IDisposable
{
    public string Path { get; }
    private SmallFilesystem(string path) => Path = path;

    /// <summary>Null (with the reason) where mounting is impossible, e.g. not root or no mount permission in a
    /// container.</summary>
    public static SmallFilesystem? TryMount(string options, out string? why)
    {
        var dir = Directory.CreateTempSubdirectory("humanclap-tmpfs-").FullName;
        var (rc, output) = Exec("mount", "-t", "tmpfs", "-o", options, "tmpfs", dir);
        if (rc == 0) { why = null; return new SmallFilesystem(dir); }
        Directory.Delete(dir);
        why = $"cannot mount a tmpfs here (mount exit {rc}: {output.Trim()})";
        return null;
    }

    public static bool CanMount { get; } = Probe();

    private static bool Probe()
    {
        using var fs = TryMount("size=16k", out _);
        return fs is not null;
    }

    public void Dispose()
    {
        Exec("umount", Path);
        try { Directory.Delete(Path, true); } catch (IOException) { }
    }

    private static (int, string) Exec(string file, params string[] args)
    {
        try
        {
            var psi = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in args) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            string output = p.StandardError.ReadToEnd() + p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return (p.ExitCode, output);
        }
        catch (System.ComponentModel.Win32Exception e) { return (-1, e.Message); }
    }
}

/// <summary>A fact that needs <see cref="SmallFilesystem"/>; skipped with the reason where mounting is
/// impossible.</summary>
public sealed class TmpfsFactAttribute : FactAttribute
{
    public TmpfsFactAttribute()
    {
        if (!SmallFilesystem.CanMount)
            Skip = "mounting a tmpfs is not possible here (needs root and mount permission); " +
                   "the throwing-stream tests cover atomic writes without it";
    }
}
