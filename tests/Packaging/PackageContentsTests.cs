using System.IO.Compression;
using System.Xml.Linq;
using HumanClap.Tests.Support;

namespace HumanClap.Tests.Packaging;

/// <summary>What the README's pack command makes: exactly the library and the tool, with the metadata, dependencies
/// and files users and the NuGet gallery rely on.</summary>
[Collection(SerialCollection.Name)]
public sealed class PackageContentsTests(PackageFeed packages)
{
    private static XElement Metadata(ZipArchive package, string id)
    {
        using var nuspec = package.GetEntry(id + ".nuspec")!.Open();
        var root = XDocument.Load(nuspec).Root!;
        return root.Elements().Single(e => e.Name.LocalName == "metadata");
    }

    private static string? Field(XElement metadata, string name) =>
        metadata.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

    [Fact]
    public void The_pack_command_makes_the_library_and_the_tool_and_nothing_else()
    {
        var made = Directory.GetFiles(packages.Feed, "*.nupkg").Select(Path.GetFileName).Order().ToArray();
        Assert.Equal([$"HumanClap.{PackageFeed.Version}.nupkg", $"HumanClap.Tool.{PackageFeed.Version}.nupkg"], made);
    }

    [Fact]
    public void The_library_package_carries_metadata_dependencies_the_extension_and_the_debian_fix()
    {
        using var package = ZipFile.OpenRead(packages.Package("HumanClap"));
        var files = package.Entries.Select(e => e.FullName).ToHashSet();
        foreach (var file in (string[])["lib/net10.0/HumanClap.Lib.dll",
                     "interactive-extensions/dotnet/HumanClap.Interactive.dll", "buildTransitive/HumanClap.targets",
                     "buildTransitive/DebianLibTorchSharpFix.targets", "buildTransitive/ElfVersionNeed.cs",
                     "README.md", "LICENSE"])
            Assert.Contains(file, files);
        // The kernel provides Microsoft.DotNet.Interactive; a copy in the package would load beside it.
        Assert.DoesNotContain(files, f => f.Contains("Microsoft.DotNet.Interactive"));

        var metadata = Metadata(package, "HumanClap");
        Assert.Equal("HumanClap", Field(metadata, "id"));
        Assert.Equal(PackageFeed.Version, Field(metadata, "version"));
        foreach (var name in (string[])["authors", "description", "tags", "readme", "license"])
            Assert.False(string.IsNullOrWhiteSpace(Field(metadata, name)), $"nuspec {name} is empty");
        Assert.Equal("MIT", Field(metadata, "license"));
        Assert.NotNull(metadata.Elements().FirstOrDefault(e => e.Name.LocalName == "repository"));
        var dependencies = metadata.Descendants().Where(e => e.Name.LocalName == "dependency")
            .Select(e => (string)e.Attribute("id")!).ToHashSet();
        foreach (var id in (string[])["TorchSharp", "libtorch-cpu-linux-x64", "Deedle", "Plotly.NET", "NAudio.Core",
                     "Microsoft.ML.Tokenizers", "MathNet.Numerics"])
            Assert.Contains(id, dependencies);
    }

    [Fact]
    public void The_tool_package_installs_the_humanclap_command()
    {
        using var package = ZipFile.OpenRead(packages.Package("HumanClap.Tool"));
        var metadata = Metadata(package, "HumanClap.Tool");
        Assert.Contains(metadata.Descendants(), e => e.Name.LocalName == "packageType"
                                                     && (string?)e.Attribute("name") == "DotnetTool");
        var settings = package.Entries.Single(e => e.FullName.EndsWith("/DotnetToolSettings.xml"));
        using var stream = settings.Open();
        var command = XDocument.Load(stream).Descendants().Single(e => e.Name.LocalName == "Command");
        Assert.Equal("humanclap", (string?)command.Attribute("Name"));
    }
}
