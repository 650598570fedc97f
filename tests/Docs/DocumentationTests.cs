using System.Text.RegularExpressions;
using HumanClap.Tests.Support;

namespace HumanClap.Tests.Docs;

/// <summary>The README is a landing page: small, linking every page of docs/; the pages' relative links resolve; user
/// documentation carries no issue numbers or session dates.</summary>
public sealed partial class DocumentationTests
{
    private static string Root => Fixtures.RepoRoot;

    private static IEnumerable<string> Pages() =>
        new[] { Path.Combine(Root, "README.md") }
            .Concat(Directory.GetFiles(Path.Combine(Root, "docs"), "*.md", SearchOption.AllDirectories));

    [GeneratedRegex(@"\]\(([^)#\s]+)(#[^)]*)?\)")]
    private static partial Regex Link();

    [Fact]
    public void TheReadmeIsALandingPageThatLinksEveryPage()
    {
        var readme = Path.Combine(Root, "README.md");
        Assert.True(new FileInfo(readme).Length <= 12 * 1024, $"README.md is {new FileInfo(readme).Length} bytes");
        var text = File.ReadAllText(readme);
        foreach (var page in Directory.GetFiles(Path.Combine(Root, "docs"), "*.md"))
            Assert.Contains($"(docs/{Path.GetFileName(page)})", text);
        Assert.Contains("(docs/results/README.md)", text);
        foreach (var file in new[] { "LICENSE", "CITATION.cff", "CHANGELOG.md" })
            Assert.True(File.Exists(Path.Combine(Root, file)), file);
    }

    [Fact]
    public void RelativeLinksResolve()
    {
        var broken = (from page in Pages()
            from m in Link().Matches(File.ReadAllText(page))
            let target = m.Groups[1].Value
            where !target.StartsWith("http", StringComparison.Ordinal)
            let resolved = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(page)!, target))
            where !File.Exists(resolved) && !Directory.Exists(resolved)
            select $"{Path.GetRelativePath(Root, page)}: {target}").ToList();
        Assert.True(broken.Count == 0, "broken links: " + string.Join("; ", broken));
    }

    [GeneratedRegex(@"\b(issue \d+|issue's|\(issue: |20\d\d-\d\d-\d\d)")]
    private static partial Regex Log();

    [Fact]
    public void NoIssueNumbersOrDates()
    {
        var found = (from page in Pages()
            from line in File.ReadLines(page).Select((l, i) => (l, i))
            where Log().IsMatch(line.l)
            select $"{Path.GetRelativePath(Root, page)}:{line.i + 1}: {line.l.Trim()}").ToList();
        Assert.True(found.Count == 0, string.Join("\n", found));
    }
}
