using System.Security.Cryptography;
using HumanClap.Common;

namespace HumanClap.Ratings;

/// <summary>Checks local data files against a manifest's published SHA-256, so analyses run on the released data
/// only.</summary>
internal static class DataManifest
{
    /// <summary>One released file: a path that ends the local file's path, and its SHA-256.</summary>
    public sealed record Entry(string Path, string Sha256);

    /// <summary>The part of the manifest that is checked; its other keys describe the data for people.</summary>
    private sealed record Manifest(IReadOnlyList<Entry> Files);

    /// <exception cref="RatingsFormatException">The manifest is missing, not JSON, or without a <c>files</c> array
    /// of path/sha256 strings; the message names the file and key.</exception>
    public static IReadOnlyList<Entry> ReadEntries(string manifestPath)
    {
        if (!File.Exists(manifestPath)) throw new RatingsFormatException($"{manifestPath}: manifest not found");
        try { return JsonFile.Read<Manifest>(manifestPath, "manifest", JsonFile.SnakeCase).Files; }
        catch (UserInputException e) { throw new RatingsFormatException(e.Message, e); }
    }

    public static string Sha256Of(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>Finds the manifest entry whose path ends the file's path and compares checksums; throws with both
    /// hashes when they differ.</summary>
    public static void Verify(string manifestPath, string file)
    {
        var full = Path.GetFullPath(file).Replace('\\', '/');
        var entry = ReadEntries(manifestPath)
            .Where(e => full.EndsWith("/" + e.Path.TrimStart('/'), StringComparison.Ordinal))
            .OrderByDescending(e => e.Path.Length).FirstOrDefault()
            ?? throw new RatingsFormatException(
                $"{file}: not listed in manifest {manifestPath} (its 'files' paths must end the file's path)");
        var actual = Sha256Of(file);
        if (!string.Equals(actual, entry.Sha256, StringComparison.OrdinalIgnoreCase))
            throw new RatingsFormatException(
                $"{file}: SHA-256 {actual} differs from the published {entry.Sha256} for '{entry.Path}' in " +
                $"{manifestPath}; this is not the released file (re-download it from the source the manifest names)");
    }
}
