using System.Text.Json;
using System.Text.Json.Nodes;

namespace HumanClap.Notebooks;

/// <summary>Writes an executed notebook as Jupyter nbformat 4 JSON (what VS Code opens). Cells of an .ipynb input
/// keep their metadata; a .dib input gets Polyglot cell metadata so it opens as C#.</summary>
public static class ExecutedNotebookWriter
{
    public static void Write(NotebookDocument notebook, IReadOnlyList<CellResult> results, string outputPath)
    {
        var root = notebook.OriginalRoot?.DeepClone().AsObject() ?? NewRoot();
        var cells = new JsonArray();
        int executionCount = 0;
        foreach (var result in results)
        {
            var cell = result.Cell.Original?.DeepClone().AsObject() ?? NewCell(result.Cell);
            if (cell["cell_type"]?.GetValue<string>() == "code")
            {
                int? count = result.Status == CellStatus.Skipped || result.Cell.Kind == CellKind.Markdown
                    ? null
                    : ++executionCount;
                cell["execution_count"] = count;
                cell["outputs"] = Outputs(result, count);
            }
            cells.Add(cell);
        }
        root["cells"] = cells;
        File.WriteAllText(outputPath, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    private static JsonArray Outputs(CellResult result, int? count)
    {
        var outputs = new JsonArray();
        foreach (var o in result.Outputs)
        {
            outputs.Add(o.Kind switch
            {
                OutputKind.Stdout or OutputKind.Stderr => new JsonObject
                {
                    ["output_type"] = "stream",
                    ["name"] = o.Kind == OutputKind.Stdout ? "stdout" : "stderr",
                    ["text"] = o.Text,
                },
                OutputKind.Error => Error(o.Text),
                OutputKind.Result => new JsonObject
                {
                    ["output_type"] = "execute_result", ["execution_count"] = count,
                    ["data"] = Data(o), ["metadata"] = new JsonObject(),
                },
                _ => new JsonObject
                {
                    ["output_type"] = "display_data", ["data"] = Data(o), ["metadata"] = new JsonObject(),
                },
            });
        }
        // A failure without an error output of its own (timeout, unsupported language) still shows in the notebook.
        if (result.Status == CellStatus.Failed && result.Outputs.All(o => o.Kind != OutputKind.Error))
            outputs.Add(Error(result.Error ?? "failed"));
        return outputs;
    }

    private static JsonObject Data(CellOutput o)
    {
        var data = new JsonObject();
        foreach (var (mime, text) in o.Data) data[mime] = text;
        return data;
    }

    private static JsonObject Error(string message) => new()
    {
        ["output_type"] = "error", ["ename"] = "Error", ["evalue"] = message, ["traceback"] = new JsonArray(message),
    };

    private static JsonObject NewCell(NotebookCell cell) => cell.Kind == CellKind.Markdown
        ? new JsonObject { ["cell_type"] = "markdown", ["metadata"] = new JsonObject(), ["source"] = cell.Source }
        : new JsonObject
        {
            ["cell_type"] = "code",
            ["metadata"] = new JsonObject
            {
                ["dotnet_interactive"] = new JsonObject { ["language"] = cell.Language },
                ["polyglot_notebook"] = new JsonObject { ["kernelName"] = cell.Language },
            },
            ["source"] = cell.Source,
        };

    private static JsonObject NewRoot() => new()
    {
        ["cells"] = new JsonArray(),
        ["metadata"] = new JsonObject
        {
            ["kernelspec"] = new JsonObject
            {
                ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp",
            },
            ["language_info"] = new JsonObject { ["name"] = "C#" },
            ["polyglot_notebook"] = new JsonObject { ["defaultKernelName"] = "csharp" },
        },
        ["nbformat"] = 4,
        ["nbformat_minor"] = 5,
    };
}
