using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace HumanClap.Common;

/// <summary>
/// Typed JSON files through System.Text.Json binding. A file that does not bind is a <see cref="UserInputException"/>
/// naming the file, the line and the key (from <see cref="JsonException.Path"/>), what the key must hold and what it
/// holds, e.g. <c>config.json:12: key 'audio_config.depths[0]' must be an integer, got 1.5</c>.
/// </summary>
public static partial class JsonFile
{
    /// <summary>
    /// Options for the snake_case files of this project and of Hugging Face: numbers must be JSON numbers, null only
    /// where the C# type is nullable, constructor parameters without a default are required, enums are strings
    /// spelled exactly (see <see cref="ExactEnumConverter"/>). Keys the type does not know are accepted: real
    /// configs carry many.
    /// </summary>
    public static readonly JsonSerializerOptions SnakeCase = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.Strict,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        Converters = { new ExactEnumConverter() },
        WriteIndented = true,
    };

    /// <summary>Reads and binds <paramref name="path"/>; <paramref name="what"/> names the file in the
    /// not-found error (e.g. "CLAP config").</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="UserInputException">Not JSON, or a key missing, of the wrong type or an unknown value.
    /// </exception>
    public static T Read<T>(string path, string what, JsonSerializerOptions options) where T : class
    {
        if (!File.Exists(path)) throw new MissingFileException($"{path}: {what} not found", path);
        return Parse<T>(File.ReadAllText(path), path, options);
    }

    /// <summary>Binds <paramref name="text"/>, the contents of <paramref name="path"/> (named in errors).</summary>
    public static T Parse<T>(string text, string path, JsonSerializerOptions options) where T : class
    {
        // Parsed once as a document first, so that a syntax error reads as one and a binding error can quote the
        // offending value.
        JsonNode? document;
        try { document = JsonNode.Parse(text); }
        catch (JsonException e)
        {
            throw new UserInputException($"{path}{Line(e)}: not valid JSON ({WithoutPosition(e.Message)})", e);
        }
        try
        {
            return JsonSerializer.Deserialize<T>(text, options) ?? throw new UserInputException(
                $"{path}: the top level must be {Expected(typeof(T), options)}, got null");
        }
        catch (JsonException e) { throw new UserInputException(Describe(e, path, document, typeof(T), options), e); }
    }

    /// <summary>The one-line error for a binding failure: file, line, key, expectation and the value found.</summary>
    private static string Describe(JsonException e, string path, JsonNode? document, Type root,
        JsonSerializerOptions options)
    {
        var segments = Segments(e.Path);
        var key = KeyName(segments);
        var where = key.Length == 0 ? "the top level" : $"key '{key}'";
        var missing = MissingRequired().Match(e.Message);
        if (missing.Success)
        {
            // No line: System.Text.Json notices at the object's closing brace, which would point at the wrong place.
            var inside = key.Length == 0 ? "" : where + ": ";
            return $"{path}: {inside}missing required key {missing.Groups[1].Value}";
        }
        var expected = ExpectedAt(root, segments, options);
        if (expected is null || !TryFind(document, segments, out var found))
            return $"{path}{Line(e)}: {where}: {WithoutPosition(e.Message)}";
        return $"{path}{Line(e)}: {where} must be {expected}, got {Quote(found)}";
    }

    private static string Line(JsonException e) => e.LineNumber is { } n ? $":{n + 1}" : "";

    /// <summary>System.Text.Json's message without the " Path: $.x | LineNumber: 3 | ..." it appends: the caller
    /// names the key and line itself.</summary>
    private static string WithoutPosition(string message)
    {
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut < 0) cut = message.IndexOf(" LineNumber: ", StringComparison.Ordinal);
        return (cut < 0 ? message : message[..cut]).TrimEnd(' ', '|');
    }

    [GeneratedRegex(@"missing required properties including: (.+?)\.?( Path:|$)")]
    private static partial Regex MissingRequired();

    /// <summary>The segments of a JsonException path: property names, and array indexes as boxed ints.</summary>
    private static List<object> Segments(string? jsonPath)
    {
        var segments = new List<object>();
        if (jsonPath is null) return segments;
        foreach (Match m in PathSegment().Matches(jsonPath))
        {
            if (m.Groups["index"].Success) segments.Add(int.Parse(m.Groups["index"].Value));
            else if (m.Groups["name"].Success) segments.Add(m.Groups["name"].Value);
            else segments.Add(m.Groups["quoted"].Value.Replace("''", "'"));
        }
        return segments;
    }

    [GeneratedRegex(@"\.(?<name>[^.\[]+)|\['(?<quoted>(?:[^']|'')*)'\]|\[(?<index>\d+)\]")]
    private static partial Regex PathSegment();

    private static string KeyName(List<object> segments) => string.Concat(segments.Select((s, i) =>
        s is int index ? $"[{index}]" : i == 0 ? (string)s : "." + s));

    private static bool TryFind(JsonNode? node, List<object> segments, out JsonNode? found)
    {
        found = null;
        foreach (var s in segments)
        {
            if (s is int i && node is JsonArray a && i < a.Count) node = a[i];
            else if (s is string name && node is JsonObject o && o.TryGetPropertyValue(name, out var child))
                node = child;
            else return false;
        }
        found = node;
        return true;
    }

    private static string Quote(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "null";
        return text.Length <= 60 ? text : text[..57] + "...";
    }

    /// <summary>What the C# type at <paramref name="segments"/> accepts, in words; null when the path leaves the
    /// types this can follow.</summary>
    private static string? ExpectedAt(Type type, List<object> segments, JsonSerializerOptions options)
    {
        foreach (var s in segments)
        {
            var next = s is int ? ElementType(type)
                : options.GetTypeInfo(type).Properties.FirstOrDefault(p => p.Name == (string)s)?.PropertyType;
            if (next is null) return null;
            type = next;
        }
        return Expected(type, options);
    }

    private static string Expected(Type type, JsonSerializerOptions options)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum)
            return "one of " + string.Join(", ", Enum.GetValues(type).Cast<object>()
                .Select(v => JsonSerializer.Serialize(v, type, options)));
        if (type == typeof(int) || type == typeof(long)) return "an integer";
        if (type == typeof(double) || type == typeof(float)) return "a number";
        if (type == typeof(bool)) return "true or false";
        if (type == typeof(string)) return "a string";
        return ElementType(type) is { } element ? $"an array, each item {Expected(element, options)}" : "an object";
    }

    private static Type? ElementType(Type type)
    {
        if (type == typeof(string)) return null;
        if (type.IsArray) return type.GetElementType();
        var enumerable = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>) ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType
                && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        return enumerable?.GetGenericArguments()[0];
    }

    /// <summary>Enums as their exact snake_case names, or the <see cref="JsonStringEnumMemberNameAttribute"/> name.
    /// System.Text.Json's own enum converter also takes other casings ("Fusion"), integers and comma lists, which
    /// transformers would not read as the same mode.</summary>
    private sealed class ExactEnumConverter : JsonConverterFactory
    {
        public override bool CanConvert(Type type) => type.IsEnum;

        public override JsonConverter CreateConverter(Type type, JsonSerializerOptions options) =>
            (JsonConverter)Activator.CreateInstance(typeof(Exact<>).MakeGenericType(type))!;

        private sealed class Exact<T> : JsonConverter<T> where T : struct, Enum
        {
            private static readonly Dictionary<T, string> Names = Enum.GetValues<T>().ToDictionary(v => v,
                v => typeof(T).GetField(v.ToString())!.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name
                    ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()));

            public override T Read(ref Utf8JsonReader reader, Type type, JsonSerializerOptions options)
            {
                var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                foreach (var (value, name) in Names)
                    if (name == text) return value;
                // Without a message System.Text.Json adds the path; JsonFile then says which names are allowed.
                throw new JsonException();
            }

            public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
                writer.WriteStringValue(Names[value]);
        }
    }
}
