using System.Text.Json;
using System.Text.Json.Nodes;

namespace HumanClap.Model;

/// <summary>Typed access to JSON config fields; every type error names the file and the field path.</summary>
internal sealed class ConfigReader(string path)
{
    private InvalidDataException Error(string field, string expected, JsonNode? node) =>
        new($"{path}: field '{field}' must be {expected}, got {(node is null ? "null" : node.ToJsonString())}");

    private static string Name(JsonObject o, string key) =>
        o.GetPath().TrimStart('$', '.') is { Length: > 0 } p ? $"{p}.{key}" : key;

    public JsonObject Object(JsonObject o, string key)
    {
        if (!o.TryGetPropertyValue(key, out var n) || n is null) return new JsonObject();
        return n as JsonObject ?? throw Error(Name(o, key), "an object", n);
    }

    public int Int(JsonObject o, string key, int fallback)
    {
        if (!o.TryGetPropertyValue(key, out var n) || n is null) return fallback;
        if (n is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<double>(out var d) && d == Math.Floor(d))
            return (int)d;
        throw Error(Name(o, key), "an integer", n);
    }

    public double Double(JsonObject o, string key, double fallback)
    {
        if (!o.TryGetPropertyValue(key, out var n) || n is null) return fallback;
        if (n is JsonValue v && v.GetValueKind() == JsonValueKind.Number) return v.GetValue<double>();
        throw Error(Name(o, key), "a number", n);
    }

    public bool Bool(JsonObject o, string key, bool fallback)
    {
        if (!o.TryGetPropertyValue(key, out var n) || n is null) return fallback;
        if (n is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False) return v.GetValue<bool>();
        throw Error(Name(o, key), "true or false", n);
    }

    public string String(JsonObject o, string key, string fallback) => NullableString(o, key, fallback) ?? fallback;

    public string? NullableString(JsonObject o, string key, string? fallback)
    {
        if (!o.TryGetPropertyValue(key, out var n)) return fallback;
        if (n is null) return null;
        if (n is JsonValue v && v.GetValueKind() == JsonValueKind.String) return v.GetValue<string>();
        throw Error(Name(o, key), "a string", n);
    }

    public int[] IntArray(JsonObject o, string key, int[] fallback)
    {
        if (!o.TryGetPropertyValue(key, out var n) || n is null) return fallback;
        if (n is not JsonArray arr) throw Error(Name(o, key), "an array of integers", n);
        var result = new int[arr.Count];
        for (int i = 0; i < arr.Count; i++)
        {
            if (arr[i] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<double>(out var d) && d == Math.Floor(d))
                result[i] = (int)d;
            else throw Error($"{Name(o, key)}[{i}]", "an integer", arr[i]);
        }
        return result;
    }
}
