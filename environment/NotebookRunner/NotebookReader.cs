using System.Text.Json;
using System.Text.Json.Nodes;

namespace HumanClap.Notebooks;

/// <summary>Reads .ipynb (Jupyter JSON, as VS Code Polyglot Notebooks writes it) and .dib (Polyglot's plain-text
/// format: sections started by a <c>#!kernel</c> line).</summary>
public static class NotebookReader
{
    public const string DefaultLanguage = "csharp";

    /// <summary>Names that start a new .dib section. Any other <c>#!</c> line (<c>#!time</c>, <c>#!who</c>, ...)
    /// is a magic command inside a cell.</summary>
    private static readonly HashSet<string> DibKernelNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "csharp", "c#", "fsharp", "f#", "pwsh", "powershell", "javascript", "js", "html", "markdown", "md",
        "sql", "kql", "mermaid", "http", "value", "python", "r", "meta",
    };

    public static NotebookDocument Load(string path)
    {
        if (!File.Exists(path)) throw new NotebookFormatException($"{path}: file not found");
        var text = File.ReadAllText(path);
        return System.IO.Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".ipynb" => ParseIpynb(text, path),
            ".dib" => ParseDib(text, path),
            var ext => throw new NotebookFormatException(
                $"{path}: unsupported notebook type '{ext}' (expected .ipynb or .dib)"),
        };
    }

    public static NotebookDocument ParseIpynb(string json, string path)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json) as JsonObject
                   ?? throw new NotebookFormatException($"{path}: not a JSON object");
        }
        catch (JsonException e) { throw new NotebookFormatException($"{path}: invalid JSON ({e.Message})"); }
        if (root["cells"] is not JsonArray cells)
            throw new NotebookFormatException($"{path}: no 'cells' array (is this a Jupyter notebook?)");

        var defaultLanguage = NotebookDefaultLanguage(root);
        var result = new List<NotebookCell>();
        for (int i = 0; i < cells.Count; i++)
        {
            if (cells[i] is not JsonObject cell)
                throw new NotebookFormatException($"{path}: cell {i} is not a JSON object");
            var type = (cell["cell_type"] as JsonValue)?.GetValue<string>();
            var source = SourceText(cell["source"], path, i);
            var language = CellLanguage(cell) ?? defaultLanguage;
            var kind = type switch
            {
                "markdown" or "raw" => CellKind.Markdown,
                "code" when IsMarkdownLanguage(language) => CellKind.Markdown,
                "code" => CellKind.Code,
                _ => throw new NotebookFormatException($"{path}: cell {i} has unknown cell_type '{type}'"),
            };
            result.Add(new NotebookCell(i, kind, kind == CellKind.Markdown ? "markdown" : language, source, cell));
        }
        return new NotebookDocument(path, result, root);
    }

    public static NotebookDocument ParseDib(string text, string path)
    {
        var cells = new List<NotebookCell>();
        string language = DefaultLanguage;
        var lines = new List<string>();

        void Flush()
        {
            var source = string.Join("\n", lines).Trim('\n', '\r');
            lines.Clear();
            if (language == "meta" || source.Trim().Length == 0) return; // #!meta holds the document's kernel info
            var kind = IsMarkdownLanguage(language) ? CellKind.Markdown : CellKind.Code;
            cells.Add(new NotebookCell(cells.Count, kind, kind == CellKind.Markdown ? "markdown" : language, source));
        }

        foreach (var raw in text.Replace("\r\n", "\n").Split('\n'))
        {
            var line = raw.TrimEnd();
            if (line.StartsWith("#!") && !line.Contains(' ') && DibKernelNames.Contains(line[2..]))
            {
                Flush();
                language = NormalizeLanguage(line[2..]);
            }
            else lines.Add(raw);
        }
        Flush();
        return new NotebookDocument(path, cells);
    }

    public static string NormalizeLanguage(string name) => name.ToLowerInvariant() switch
    {
        "c#" or "csharp" or "cs" => "csharp",
        "f#" or "fsharp" => "fsharp",
        "md" or "markdown" => "markdown",
        "powershell" or "pwsh" => "pwsh",
        var other => other,
    };

    private static bool IsMarkdownLanguage(string language) => language == "markdown";

    private static string? CellLanguage(JsonObject cell)
    {
        var meta = cell["metadata"] as JsonObject;
        var name = StringAt(meta?["polyglot_notebook"]?["kernelName"])
                   ?? StringAt(meta?["dotnet_interactive"]?["language"]);
        return name is null ? null : NormalizeLanguage(name);
    }

    private static string NotebookDefaultLanguage(JsonObject root)
    {
        var meta = root["metadata"] as JsonObject;
        var name = StringAt(meta?["polyglot_notebook"]?["defaultKernelName"])
                   ?? StringAt(meta?["kernelspec"]?["language"])
                   ?? StringAt(meta?["language_info"]?["name"]);
        return name is null ? DefaultLanguage : NormalizeLanguage(name);
    }

    private static string? StringAt(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;

    private static string SourceText(JsonNode? source, string path, int index) => source switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonArray parts => string.Concat(parts.Select(p => StringAt(p) ?? "")),
        _ => throw new NotebookFormatException(
            $"{path}: cell {index} has a 'source' that is neither a string nor a list of strings"),
    };
}
