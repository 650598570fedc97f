using System.Security.Cryptography;
using System.Text.Json;

namespace HumanClap.Ratings;

/// <summary>Checks local data files against a manifest's published SHA-256, so analyses run on the released data only.</summary>
public static class DataManifest
{
    public sealed record Entry(string Path, string Sha256);

    public static IReadOnlyList<Entry> ReadEntries(string manifestPath)
    {
        if (!File.Exists(manifestPath)) throw new RatingsFormatException($"{manifestPath}: manifest not found");
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(manifestPath));
            if (!doc.RootElement.TryGetProperty("files", out var files) || files.ValueKind != JsonValueKind.Array)
                throw new RatingsFormatException($"{manifestPath}: no 'files' array");
            return files.EnumerateArray().Select((f, i) => new Entry(
                f.TryGetProperty("path", out var p) ? p.GetString()! : throw new RatingsFormatException($"{manifestPath}: files[{i}] has no 'path'"),
                f.TryGetProperty("sha256", out var s) ? s.GetString()! : throw new RatingsFormatException($"{manifestPath}: files[{i}] has no 'sha256'"))).ToList();
        }
        catch (JsonException e) { throw new RatingsFormatException($"{manifestPath}:{e.LineNumber + 1}: invalid JSON ({e.Message})"); }
    }

    public static string Sha256Of(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>Finds the manifest entry whose path ends the file's path and compares checksums; throws with both hashes when they differ.</summary>
    public static void Verify(string manifestPath, string file)
    {
        var full = Path.GetFullPath(file).Replace('\\', '/');
        var entry = ReadEntries(manifestPath)
            .Where(e => full.EndsWith("/" + e.Path.TrimStart('/'), StringComparison.Ordinal))
            .OrderByDescending(e => e.Path.Length).FirstOrDefault()
            ?? throw new RatingsFormatException($"{file}: not listed in manifest {manifestPath} (its 'files' paths must end the file's path)");
        var actual = Sha256Of(file);
        if (!string.Equals(actual, entry.Sha256, StringComparison.OrdinalIgnoreCase))
            throw new RatingsFormatException(
                $"{file}: SHA-256 {actual} differs from the published {entry.Sha256} for '{entry.Path}' in {manifestPath}; " +
                "this is not the released file (re-download it from the source the manifest names)");
    }
}
