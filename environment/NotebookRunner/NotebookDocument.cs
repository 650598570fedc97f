using System.Text.Json.Nodes;

namespace HumanClap.Notebooks;

public enum CellKind { Code, Markdown }

/// <summary>One cell as read from a notebook. <see cref="Index"/> is the cell's position among all cells (0-based),
/// the number error messages use. <see cref="Original"/> keeps an .ipynb cell's JSON so the executed copy keeps its
/// metadata.</summary>
public sealed record NotebookCell(
    int Index, CellKind Kind, string Language, string Source, JsonObject? Original = null);

/// <summary>A parsed notebook (.ipynb or .dib). <see cref="OriginalRoot"/> is the .ipynb JSON, null for .dib.</summary>
public sealed record NotebookDocument(string Path, IReadOnlyList<NotebookCell> Cells, JsonObject? OriginalRoot = null);

/// <summary>A notebook that cannot be read: the message names the file and, where it applies, the cell.</summary>
public sealed class NotebookFormatException(string message) : Exception(message);
