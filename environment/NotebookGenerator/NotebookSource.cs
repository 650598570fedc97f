using System.Text.RegularExpressions;

namespace HumanClap.NotebookGenerator;

public enum CellKind { Markdown, Code }

public sealed record Cell(CellKind Kind, string Text);

/// <summary>Reads a walkthrough's file-based app (notebooks/apps/NAME.cs) as notebook cells. A line
/// <c>//#!markdown</c> starts a markdown cell whose text is the comment block below it; <c>//#!csharp</c> starts a code
/// cell; <c>//#!header</c> marks where the notebook's header cell (<see cref="Header"/>: how a notebook loads the
/// library, which an app does with its <c>#:project</c> directive) goes. Lines before the first marker belong to the
/// app only.</summary>
public static partial class NotebookSource
{
    /// <summary>The first code cell of every notebook: loads the HumanClap package from the repository's feed
    /// (artifacts/packages). The one place these lines are written.</summary>
    public const string Header = """
        #load "humanclap.csx"  // #i "nuget: <repository>/artifacts/packages" + #r "nuget: HumanClap, 0.1.0"
        """;

    [GeneratedRegex(@"^//#!(?<kind>[a-z]+)\s*$")]
    private static partial Regex Marker();

    public static IReadOnlyList<Cell> Parse(string path) => Parse(File.ReadAllLines(path), path);

    public static IReadOnlyList<Cell> Parse(IReadOnlyList<string> lines, string path)
    {
        var cells = new List<Cell>();
        string? kind = null;
        int start = 0, headers = 0;
        void Close(int end)
        {
            if (kind is null) return;
            var body = lines.Skip(start).Take(end - start).ToList();
            cells.Add(kind switch
            {
                "header" => new Cell(CellKind.Code, Header),
                "markdown" => new Cell(CellKind.Markdown,
                    Trim(body.Select((l, i) => Uncomment(l, path, start + i + 1)))),
                _ => new Cell(CellKind.Code, Trim(body)),
            });
            if (kind != "header" && cells[^1].Text.Length == 0)
                throw new FormatException($"{path}:{start}: empty {kind} cell");
            if (kind == "header" && Trim(body).Length > 0)
                throw new FormatException(
                    $"{path}:{start}: //#!header takes no lines (the notebook header is NotebookSource.Header)");
        }
        for (int i = 0; i < lines.Count; i++)
        {
            var match = Marker().Match(lines[i]);
            if (!match.Success) continue;
            Close(i);
            kind = match.Groups["kind"].Value;
            if (kind is not ("markdown" or "csharp" or "header"))
                throw new FormatException(
                    $"{path}:{i + 1}: unknown cell marker //#!{kind} (markdown, csharp or header)");
            if (kind == "header") headers++;
            start = i + 1;
        }
        Close(lines.Count);
        if (headers != 1) throw new FormatException($"{path}: needs exactly one //#!header line, found {headers}");
        return cells;
    }

    private static string Uncomment(string line, string path, int number) =>
        line.Length == 0 ? ""
        : line.StartsWith("// ", StringComparison.Ordinal) ? line[3..]
        : line == "//" ? ""
        : throw new FormatException($"{path}:{number}: a markdown cell holds only // comment lines, found: {line}");

    private static string Trim(IEnumerable<string> lines)
    {
        var list = lines.Select(l => l.TrimEnd()).ToList();
        while (list.Count > 0 && list[0].Length == 0) list.RemoveAt(0);
        while (list.Count > 0 && list[^1].Length == 0) list.RemoveAt(list.Count - 1);
        return string.Join("\n", list);
    }
}
