using System.Text.Json;
using System.Text.Json.Serialization;
using HumanClap.Common;

namespace HumanClap.Synthetic;

/// <summary>world.json: the scale and seed a world was generated with (its identity: a run folder reuses the world
/// only when both match), its counts and the simulated systems. Written and read as this type; the property names
/// and order are those world.json has always had, so an existing world folder is still recognised.</summary>
internal sealed record WorldManifest(
    [property: JsonPropertyName("scale"), JsonRequired] WorldScale Scale,
    [property: JsonPropertyName("seed"), JsonRequired] int Seed,
    [property: JsonPropertyName("counts")] WorldCounts? Counts,
    [property: JsonPropertyName("systems")] IReadOnlyList<SystemProfile>? Systems)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public bool IsWorldOf(WorldScale scale, int seed) => Scale.Name == scale.Name && Seed == seed;

    public void Write(string path) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, Indented) + "\n");

    /// <summary>The manifest in <paramref name="path"/>, or null when the file is not one (no scale or seed, not
    /// JSON): such a world is treated as unknown, so it is regenerated rather than reused.</summary>
    public static WorldManifest? TryRead(string path)
    {
        try
        {
            var manifest = JsonSerializer.Deserialize<WorldManifest>(File.ReadAllText(path));
            return manifest is { Scale: not null } ? manifest : null;
        }
        catch (JsonException) { return null; }
    }
}
