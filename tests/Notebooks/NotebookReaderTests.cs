using HumanClap.Notebooks;

namespace HumanClap.Tests.Notebooks;

public class NotebookReaderTests
{
    [Fact]
    public void Polyglot_ipynb_cells_keep_order_kind_and_language()
    {
        var nb = NotebookReader.Load(NotebookFixtures.Path("passing.ipynb"));
        Assert.Equal([CellKind.Markdown, CellKind.Code, CellKind.Code, CellKind.Code], nb.Cells.Select(c => c.Kind));
        Assert.Equal([0, 1, 2, 3], nb.Cells.Select(c => c.Index));
        Assert.All(nb.Cells.Where(c => c.Kind == CellKind.Code), c => Assert.Equal("csharp", c.Language));
        Assert.Contains("Console.WriteLine(greeting);", nb.Cells[1].Source);
    }

    [Fact]
    public void Dib_sections_split_on_kernel_lines_and_skip_meta()
    {
        var nb = NotebookReader.Load(NotebookFixtures.Path("sections.dib"));
        Assert.Equal([CellKind.Markdown, CellKind.Code, CellKind.Code], nb.Cells.Select(c => c.Kind));
        Assert.Equal("var n = 20;", nb.Cells[1].Source);
        Assert.DoesNotContain(nb.Cells, c => c.Source.Contains("kernelInfo"));
    }

    [Fact]
    public void Dib_magic_commands_stay_inside_their_cell()
    {
        var nb = NotebookReader.ParseDib("#!csharp\n#!time\nvar x = 1;\n#!markdown\ntext", "x.dib");
        Assert.Equal(2, nb.Cells.Count);
        Assert.Equal("#!time\nvar x = 1;", nb.Cells[0].Source);
    }

    [Fact]
    public void Cell_without_metadata_takes_the_notebook_language()
    {
        const string json = """
            {"cells":[{"cell_type":"code","metadata":{},"source":"1","outputs":[]}],
             "metadata":{"kernelspec":{"language":"F#","name":".net-fsharp"}},"nbformat":4,"nbformat_minor":5}
            """;
        Assert.Equal("fsharp", NotebookReader.ParseIpynb(json, "f.ipynb").Cells[0].Language);
    }

    [Fact]
    public void Polyglot_markdown_kernel_cell_is_markdown()
    {
        const string json = """
            {"cells":[{"cell_type":"code","metadata":{"polyglot_notebook":{"kernelName":"markdown"}},
                       "source":["# hi"],"outputs":[]}],
             "metadata":{},"nbformat":4,"nbformat_minor":5}
            """;
        Assert.Equal(CellKind.Markdown, NotebookReader.ParseIpynb(json, "m.ipynb").Cells[0].Kind);
    }

    [Fact]
    public void Broken_json_names_the_file()
    {
        var e = Assert.Throws<NotebookFormatException>(() =>
            NotebookReader.Load(NotebookFixtures.Path("broken.ipynb")));
        Assert.Contains("broken.ipynb", e.Message);
        Assert.Contains("invalid JSON", e.Message);
    }

    [Fact]
    public void Bad_cell_names_the_cell()
    {
        const string json = """{"cells":[{"cell_type":"markdown","source":""},{"cell_type":"code","source":42}]}""";
        var e = Assert.Throws<NotebookFormatException>(() => NotebookReader.ParseIpynb(json, "bad.ipynb"));
        Assert.Contains("bad.ipynb: cell 1", e.Message);
    }

    [Fact]
    public void Unknown_extension_and_missing_file_are_clear_errors()
    {
        Assert.Contains("unsupported notebook type", Assert.Throws<NotebookFormatException>(
            () => NotebookReader.Load(NotebookFixtures.Path("../clap-parity/README.md"))).Message);
        Assert.Contains("file not found", Assert.Throws<NotebookFormatException>(
            () => NotebookReader.Load(NotebookFixtures.Path("nope.ipynb"))).Message);
    }
}
