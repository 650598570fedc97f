using HumanClap.NotebookGenerator;
using HumanClap.Tests.Support;

namespace HumanClap.Tests.Notebooks;

/// <summary>notebooks/apps/NAME.cs is the one source of notebooks/NAME.ipynb: the committed notebooks must be exactly
/// what the generator makes from the apps (`dotnet run --project environment/NotebookGenerator` rewrites
/// them).</summary>
public class NotebookSourceTests
{
    [Fact]
    public void Every_committed_notebook_is_what_its_app_generates()
    {
        var pairs = NotebookSet.Pairs(Fixtures.RepoRoot);
        Assert.True(pairs.Count >= 5, $"expected the five walkthrough apps, found {pairs.Count}");
        Assert.Empty(NotebookSet.Stale(Fixtures.RepoRoot));
    }

    [Fact]
    public void Every_notebook_has_an_app()
    {
        var notebooks = Directory.GetFiles(Path.Combine(Fixtures.RepoRoot, "notebooks"), "*.ipynb")
            .Select(Path.GetFileName).Order();
        var fromApps = NotebookSet.Pairs(Fixtures.RepoRoot).Select(p => Path.GetFileName(p.Notebook)).Order();
        Assert.Equal(fromApps, notebooks);
    }

    [Fact]
    public void Markers_make_markdown_header_and_code_cells_in_order()
    {
        string[] app =
        [
            "#:project ../../HumanClap.Lib.csproj", "// app only", "",
            "//#!markdown", "// # Title", "//", "// text", "",
            "//#!header", "",
            "//#!csharp", "using System;", "", "var x = 1;", "",
            "//#!markdown", "// ## Next",
            "//#!csharp", "Console.WriteLine(x);",
        ];
        var cells = NotebookSource.Parse(app, "app.cs");
        Assert.Equal([CellKind.Markdown, CellKind.Code, CellKind.Code, CellKind.Markdown, CellKind.Code],
            cells.Select(c => c.Kind));
        Assert.Equal("# Title\n\ntext", cells[0].Text);
        Assert.Equal(NotebookSource.Header, cells[1].Text);
        Assert.Equal("using System;\n\nvar x = 1;", cells[2].Text);
        Assert.Equal("Console.WriteLine(x);", cells[4].Text);
        var json = IpynbWriter.ToJson(cells);
        Assert.Contains("\"source\": [\n        \"# Title\\n\",\n        \"\\n\",\n        \"text\"\n      ]", json);
        Assert.DoesNotContain("app only", json);
    }

    [Theory]
    [InlineData(new[] { "//#!markdown", "text without comment", "//#!header" }, "app.cs:2")]
    [InlineData(new[] { "//#!header", "//#!csharp", "x();", "//#!header" }, "exactly one //#!header")]
    [InlineData(new[] { "//#!python", "//#!header" }, "unknown cell marker //#!python")]
    [InlineData(new[] { "//#!csharp", "x();" }, "found 0")]
    public void Bad_sources_fail_naming_the_place(string[] lines, string expected)
    {
        var e = Assert.Throws<FormatException>(() => NotebookSource.Parse(lines, "app.cs"));
        Assert.Contains(expected, e.Message);
    }
}
