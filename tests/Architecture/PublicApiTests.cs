using System.Text.RegularExpressions;
using HumanClap.Scoring;
using HumanClap.Tests.Support;

namespace HumanClap.Tests.Architecture;

/// <summary>The library's public surface is deliberate: every public type is listed in docs/api.md (and every type
/// listed there is public), and each lives in a file of its own name.</summary>
public sealed class PublicApiTests
{
    private static IReadOnlyList<Type> PublicTypes =>
        typeof(ClapScorer).Assembly.GetExportedTypes().Where(t => !t.IsNested).OrderBy(t => t.FullName).ToList();

    private static IReadOnlyList<string> ListedTypes()
    {
        var page = File.ReadAllText(Path.Combine(Fixtures.RepoRoot, "docs", "api.md"));
        return Regex.Matches(page, @"^\| `(\w+)` \| `([\w.]+)` \|", RegexOptions.Multiline)
            .Select(m => $"{m.Groups[2].Value}.{m.Groups[1].Value}").ToList();
    }

    [Fact]
    public void EveryPublicTypeIsListedInTheApiPageAndNothingElse()
    {
        var listed = ListedTypes();
        Assert.Equal(listed.Count, listed.Distinct().Count());
        var exported = PublicTypes.Select(t => t.FullName!.Split('`')[0]).ToList();
        Assert.Empty(exported.Except(listed));
        Assert.Empty(listed.Except(exported));
    }

    [Fact]
    public void EveryPublicTypeLivesInAFileOfItsName()
    {
        var lib = Path.Combine(Fixtures.RepoRoot, "lib");
        var misplaced = new List<string>();
        foreach (var type in PublicTypes)
        {
            var name = type.Name.Split('`')[0];
            var files = Directory.EnumerateFiles(lib, name + ".cs", SearchOption.AllDirectories).ToList();
            var declaration = new Regex($@"^public (?:\w+ )*(?:class|record|struct|interface|enum) {name}\b",
                RegexOptions.Multiline);
            if (files.Count != 1 || !declaration.IsMatch(File.ReadAllText(files[0])))
                misplaced.Add($"{type.FullName} ({files.Count} files named {name}.cs)");
        }
        Assert.Empty(misplaced);
    }
}
