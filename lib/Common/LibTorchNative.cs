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
/// (content-addressed), and requests for "LibTorchSharp" from TorchSharp's assembly are answered with it (its load
/// context's ResolvingUnmanagedDll event and a DllImport resolver). Everything else TorchSharp loads is found as
/// before.</para>
/// </summary>
public static class LibTorchNative
{
    private const string LibraryName = "LibTorchSharp";
    private const string FileName = "libLibTorchSharp.so";
    private static readonly string[] LibTorchLibraries =
        ["libc10.so", "libtorch_cpu.so", "libtorch_cuda.so", "libtorch.so"];
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
            Resolve(torchSharp, _privateCopy, LibTorchFolders(torchSharp, original).ToList());
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

    /// <summary>Folders holding libtorch's own libraries (libc10, libtorch_cpu, libtorch), which the private copy
    /// needs: beside TorchSharp's copy, or in the NuGet packages folder TorchSharp was loaded from
    /// (packages/libtorch-*/VERSION/runtimes/linux-x64/native, the version this library was built with).</summary>
    internal static IEnumerable<string> LibTorchFolders(Assembly torchSharp, string original)
    {
        yield return Path.GetDirectoryName(original)!;
        var version = typeof(LibTorchNative).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "LibTorchVersion")?.Value;
        var folder = Path.GetDirectoryName(torchSharp.Location);
        if (version is null || folder is null) yield break;
        var packages = Path.GetFullPath(Path.Combine(folder, "..", "..", "..", ".."));
        if (!Directory.Exists(packages)) yield break;
        foreach (var package in Directory.GetDirectories(packages, "libtorch-*").Order(StringComparer.Ordinal))
        {
            var native = Path.Combine(package, version, "runtimes", "linux-x64", "native");
            if (Directory.Exists(native)) yield return native;
        }
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

    private static void Resolve(Assembly torchSharp, string privateCopy, IReadOnlyList<string> libTorchFolders)
    {
        IntPtr Load()
        {
            // The private copy finds its dependencies through $ORIGIN, which is now the cache folder: libtorch's
            // libraries are loaded first from where TorchSharp's own copy would have found them, and then satisfy
            // the private copy's needs by soname.
            foreach (var dependency in LibTorchLibraries)
                if (libTorchFolders.Select(f => Path.Combine(f, dependency)).FirstOrDefault(File.Exists) is { } dll)
                    NativeLibrary.Load(dll);
            return NativeLibrary.Load(privateCopy);
        }
        // TorchSharp loads its library with NativeLibrary.TryLoad(name, assembly), which never asks a
        // DllImportResolver: after default probing has failed on TorchSharp's own copy, the load context raises
        // ResolvingUnmanagedDll, and that answers with the private copy. P/Invokes that get there first go through
        // the resolver (unless a host set one already: then the same event answers them).
        var context = System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(torchSharp);
        if (context is not null)
            context.ResolvingUnmanagedDll += (assembly, name) =>
                assembly == torchSharp && name == LibraryName ? Load() : IntPtr.Zero;
        try
        {
            NativeLibrary.SetDllImportResolver(torchSharp, (name, _, _) => name == LibraryName ? Load() : IntPtr.Zero);
        }
        catch (InvalidOperationException)
        {
            // A host set its own resolver (dotnet-repl does): the event above answers instead.
        }
    }
}
