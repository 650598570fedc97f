using System.Security.Cryptography;
using System.Text.Json;

namespace HumanClap.Model;

/// <summary>A checkpoint manifest from data-manifests/checkpoints/: where a checkpoint comes from and which files the
/// loader needs (with SHA-256 where known), so a user's download can be checked before a long run.</summary>
public sealed record CheckpointManifest(string Name, string Source, IReadOnlyList<ManifestFile> Files)
{
    public static CheckpointManifest Load(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var root = doc.RootElement;
        string Str(JsonElement e, string key) => e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()! : throw new InvalidDataException($"{path}: '{key}' must be a string");
        if (!root.TryGetProperty("files", out var files) || files.ValueKind != JsonValueKind.Array)
            throw new InvalidDataException($"{path}: 'files' must be an array");
        var list = files.EnumerateArray().Select(f => new ManifestFile(
            Str(f, "path"),
            f.TryGetProperty("sha256", out var h) ? h.GetString() : null,
            f.TryGetProperty("alternatives", out var alt) ? alt.EnumerateArray().Select(a => a.GetString()!).ToList() : [])).ToList();
        return new CheckpointManifest(Str(root, "name"), Str(root, "source"), list);
    }

    /// <summary>Problems of a checkpoint folder against this manifest: files missing (no alternative present either)
    /// and files whose SHA-256 differs from the recorded one. Empty when the folder is complete.</summary>
    public IReadOnlyList<string> Check(string folder)
    {
        var problems = new List<string>();
        foreach (var f in Files)
        {
            var path = Path.Combine(folder, f.Path);
            if (!File.Exists(path))
            {
                if (!f.Alternatives.Any(a => File.Exists(Path.Combine(folder, a))))
                    problems.Add($"{path}: missing" + (f.Alternatives.Count > 0 ? $" (nor {string.Join(", ", f.Alternatives)})" : ""));
                continue;
            }
            if (f.Sha256 is { } expected)
            {
                using var stream = File.OpenRead(path);
                var actual = Convert.ToHexStringLower(SHA256.HashData(stream));
                if (actual != expected) problems.Add($"{path}: SHA-256 {actual} differs from the manifest's {expected} ({Name})");
            }
        }
        return problems;
    }
}

public sealed record ManifestFile(string Path, string? Sha256, IReadOnlyList<string> Alternatives);
