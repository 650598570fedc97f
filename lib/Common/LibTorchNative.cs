using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace HumanClap.Common;

/// <summary>
/// Makes TorchSharp's native library load on systems whose libstdc++ is older than the one it was linked against
/// (Debian 12), wherever TorchSharp was loaded from.
/// <para>TorchSharp 0.107's libLibTorchSharp.so demands GLIBCXX_3.4.32 although no relocation uses it, and Debian 12
/// stops at 3.4.30, so the loader refuses the library and TorchSharp reports a misleading "doesn't contain a
/// reference to libtorch-cpu-linux-x64". Builds fix their own output copy (the package's buildTransitive targets);
/// a notebook's <c>#r "nuget: HumanClap"</c> runs no build, and the copy it would load lives in the NuGet cache,
/// which must not be modified. So, when the copy TorchSharp would load has the strong demand and the system lacks
/// the version, a private copy with the demand marked weak is written once under the user's cache folder
/// (content-addressed) and TorchSharp's assembly is given a native-library resolver that answers "LibTorchSharp"
/// with it. Everything else TorchSharp loads is found as before.</para>
/// </summary>
public static class LibTorchNative
{
    private const string LibraryName = "LibTorchSharp";
    private const string FileName = "libLibTorchSharp.so";
    private static readonly Lock Gate = new();
    private static string? _privateCopy;
    private static bool _checked;

    /// <summary>Where the loadable copy came from, after <see cref="EnsureLoadable"/>: null when TorchSharp's own
    /// copy loads as it is (or no copy was found: TorchSharp then reports that itself).</summary>
    public static string? PrivateCopy => _privateCopy;

#pragma warning disable CA2255 // a module initializer is the point: before any TorchSharp call of this library
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void OnLoad()
    {
        // A failure here must not make every type of the library unusable: TorchSharp then reports it itself.
        try { EnsureLoadable(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException) { }
    }

    /// <summary>Idempotent and cheap after the first call; must run before TorchSharp first loads its native
    /// library (the library's module initializer, the notebook extension and the command line call it).</summary>
    public static void EnsureLoadable()
    {
        lock (Gate)
        {
            if (_checked) return;
            _checked = true;
            if (!OperatingSystem.IsLinux()) return;
            var torchSharp = typeof(TorchSharp.torch).Assembly;
            if (FindDefaultCopy(torchSharp) is not { } original) return;
            if (!ElfVersionNeed.SystemLacks(ElfVersionNeed.DebianLibStdCxx, ElfVersionNeed.LibTorchSharpVersion))
                return;
            var bytes = File.ReadAllBytes(original);
            if (ElfVersionNeed.StateOf(bytes, ElfVersionNeed.LibTorchSharpVersion) != ElfVersionNeed.State.Strong)
                return;
            ElfVersionNeed.MarkWeak(bytes, ElfVersionNeed.LibTorchSharpVersion);
            _privateCopy = WritePrivateCopy(bytes);
            Resolve(torchSharp, _privateCopy);
        }
    }

    /// <summary>The copy the runtime's default probing would load: beside TorchSharp.dll (a flat build), in the
    /// package's runtimes folder (the NuGet cache, as notebooks load it), or in the app's runtimes folder (a build
    /// without a runtime identifier).</summary>
    internal static string? FindDefaultCopy(Assembly torchSharp)
    {
        var folder = Path.GetDirectoryName(torchSharp.Location);
        string?[] candidates =
        [
            folder is null ? null : Path.Combine(folder, FileName),
            folder is null ? null : Path.Combine(folder, "..", "..", "runtimes", "linux-x64", "native", FileName),
            Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", FileName),
        ];
        return candidates.Where(c => c is not null).Select(c => Path.GetFullPath(c!)).FirstOrDefault(File.Exists);
    }

    private static string WritePrivateCopy(byte[] fixedBytes)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(fixedBytes))[..16];
        var folder = Path.Combine(CacheRoot(), "humanclap", "native", hash);
        var path = Path.Combine(folder, FileName);
        if (File.Exists(path) && new FileInfo(path).Length == fixedBytes.Length) return path;
        Directory.CreateDirectory(folder);
        ElfVersionNeed.WriteReplacing(path, fixedBytes);
        return path;
    }

    private static string CacheRoot() =>
        Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg
        : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) is { Length: > 0 } home
            ? Path.Combine(home, ".cache")
            : Path.GetTempPath();

    private static void Resolve(Assembly torchSharp, string privateCopy)
    {
        try
        {
            NativeLibrary.SetDllImportResolver(torchSharp, (name, assembly, searchPath) =>
            {
                if (name != LibraryName) return IntPtr.Zero;
                // Its other dependencies (libtorch, libc10) are found where TorchSharp's own probing finds them;
                // loaded first, they satisfy the private copy's needs by soname.
                foreach (var dependency in (string[])["c10", "torch_cpu", "torch"])
                    NativeLibrary.TryLoad(dependency, assembly, searchPath, out _);
                return NativeLibrary.Load(privateCopy);
            });
        }
        catch (InvalidOperationException)
        {
            // Someone else resolves TorchSharp's natives already: theirs wins, and they know what they load.
        }
    }
}
