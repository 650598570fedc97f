using System.Text.Json;
using System.Text.Json.Nodes;

namespace HumanClap.Notebooks;

/// <summary>One event the kernel reported: its type (<c>CommandSucceeded</c>, <c>DisplayedValueProduced</c>, ...),
/// the token of the command it belongs to, and its body.</summary>
public sealed record KernelEvent(string Type, string? Token, JsonObject Body)
{
    /// <summary>The event's <c>formattedValues</c> as MIME type -> text.</summary>
    public Dictionary<string, string> FormattedValues()
    {
        var data = new Dictionary<string, string>();
        if (Body["formattedValues"] is JsonArray values)
            foreach (var v in values.OfType<JsonObject>())
                if (v["mimeType"]?.GetValue<string>() is { } mime) data[mime] = v["value"]?.GetValue<string>() ?? "";
        return data;
    }

    public string? Text(string property) =>
        Body[property] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}

/// <summary>The .NET Interactive JSON protocol as the stdio kernel speaks it (one envelope per line): commands go in
/// as <c>{"commandType", "command", "token"}</c>, events come out as <c>{"eventType", "event", "command"}</c>, where
/// <c>command</c> is the envelope of the command that caused the event.</summary>
public static class KernelEnvelope
{
    public static string SubmitCode(string code, string kernelName, string token) => new JsonObject
    {
        ["commandType"] = "SubmitCode",
        ["command"] = new JsonObject { ["code"] = code, ["targetKernelName"] = kernelName },
        ["token"] = token,
    }.ToJsonString();

    /// <summary>The event on <paramref name="line"/>, or null for a line that is not an event envelope (the kernel
    /// prints a banner and may print other text).</summary>
    public static KernelEvent? ParseEvent(string line)
    {
        if (!line.StartsWith('{')) return null;
        try
        {
            if (JsonNode.Parse(line) is not JsonObject root || root["eventType"]?.GetValue<string>() is not { } type)
                return null;
            var token = root["command"]?["token"] is JsonValue t && t.TryGetValue<string>(out var s) ? s : null;
            return new KernelEvent(type, token, root["event"] as JsonObject ?? new JsonObject());
        }
        catch (JsonException) { return null; }
    }

    /// <summary>True when <paramref name="eventToken"/> is <paramref name="token"/> or the token of a command the
    /// kernel issued while handling it (the kernel derives those as <c>TOKEN.1</c>, <c>TOKEN.1.2</c>, ...).</summary>
    public static bool BelongsTo(string? eventToken, string token) =>
        eventToken == token || eventToken?.StartsWith(token + ".", StringComparison.Ordinal) == true;
}
