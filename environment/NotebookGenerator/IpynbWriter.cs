using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace HumanClap.NotebookGenerator;

/// <summary>Writes cells as a Polyglot (.NET Interactive) notebook without outputs, byte for byte the same for the
/// same cells (so a committed notebook can be compared with what its app makes).</summary>
public static class IpynbWriter
{
    public static string ToJson(IReadOnlyList<Cell> cells)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions
               {
                   // Relaxed escaping keeps "×", "–" readable.
                   Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
               }))
        {
            w.WriteStartObject();
            w.WriteStartArray("cells");
            foreach (var cell in cells) WriteCell(w, cell);
            w.WriteEndArray();
            WriteMetadata(w);
            w.WriteNumber("nbformat", 4);
            w.WriteNumber("nbformat_minor", 5);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void WriteCell(Utf8JsonWriter w, Cell cell)
    {
        w.WriteStartObject();
        w.WriteString("cell_type", cell.Kind == CellKind.Code ? "code" : "markdown");
        if (cell.Kind == CellKind.Code) w.WriteNull("execution_count");
        w.WriteStartObject("metadata");
        if (cell.Kind == CellKind.Code)
        {
            w.WriteStartObject("dotnet_interactive");
            w.WriteString("language", "csharp");
            w.WriteEndObject();
            w.WriteStartObject("polyglot_notebook");
            w.WriteString("kernelName", "csharp");
            w.WriteEndObject();
        }
        w.WriteEndObject();
        if (cell.Kind == CellKind.Code)
        {
            w.WriteStartArray("outputs");
            w.WriteEndArray();
        }
        // nbformat stores source as lines, each but the last ending in "\n".
        w.WriteStartArray("source");
        var lines = cell.Text.Split('\n');
        for (int i = 0; i < lines.Length; i++) w.WriteStringValue(i < lines.Length - 1 ? lines[i] + "\n" : lines[i]);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteMetadata(Utf8JsonWriter w)
    {
        w.WriteStartObject("metadata");
        w.WriteStartObject("kernelspec");
        w.WriteString("display_name", ".NET (C#)");
        w.WriteString("language", "C#");
        w.WriteString("name", ".net-csharp");
        w.WriteEndObject();
        w.WriteStartObject("language_info");
        w.WriteString("name", "C#");
        w.WriteEndObject();
        w.WriteStartObject("polyglot_notebook");
        w.WriteStartObject("kernelInfo");
        w.WriteString("defaultKernelName", "csharp");
        w.WriteStartArray("items");
        w.WriteStartObject();
        w.WriteStartArray("aliases");
        w.WriteEndArray();
        w.WriteString("name", "csharp");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
