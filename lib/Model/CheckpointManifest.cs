using System.Security.Cryptography;
using HumanClap.Common;

namespace HumanClap.Model;

/// <summary>A checkpoint manifest from data-manifests/checkpoints/: where a checkpoint comes from and which files the
/// loader needs (with SHA-256 where known), so a user's download can be checked before a long run. Bound by name from
/// the JSON file; keys for people (kind, purpose, download, ...) are not read.</summary>
internal sealed record CheckpointManifest(string Name, string Source, IReadOnlyList<ManifestFile> Files)
{
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="UserInputException">Not JSON, or name/source/files missing or of the wrong type; the message
    /// names the file and key.</exception>
    public static CheckpointManifest Load(string path) =>
        JsonFile.Read<CheckpointManifest>(path, "checkpoint manifest", JsonFile.SnakeCase);

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
                    problems.Add($"{path}: missing"
                        + (f.Alternatives.Count > 0 ? $" (nor {string.Join(", ", f.Alternatives)})" : ""));
                continue;
            }
            if (f.Sha256 is { } expected)
            {
                using var stream = File.OpenRead(path);
                var actual = Convert.ToHexStringLower(SHA256.HashData(stream));
                if (actual != expected)
                    problems.Add($"{path}: SHA-256 {actual} differs from the manifest's {expected} ({Name})");
            }
        }
        return problems;
    }
}

/// <summary>One file of a checkpoint: its path in the folder, its SHA-256 when recorded, and files that may stand in
/// for it (model.safetensors for a pickle).</summary>
internal sealed record ManifestFile(string Path, string? Sha256 = null)
{
    public IReadOnlyList<string> Alternatives { get; init; } = [];
}
