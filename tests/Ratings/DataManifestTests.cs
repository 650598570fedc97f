using HumanClap.Common;
using HumanClap.Ratings;
using HumanClap.Tests.Common;
using HumanClap.Tests.Support;

namespace HumanClap.Tests.Ratings;

public class DataManifestTests
{
    private static string Write(string json)
    {
        var path = Path.Combine(TestPaths.TempDir(), "manifest.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void ReadsThePublishedRelateManifest()
    {
        var entries = DataManifest.ReadEntries(Path.Combine(Fixtures.RepoRoot, "data-manifests", "relate.json"));
        Assert.Contains(entries, e => e.Path == "scores/REL.csv" && e.Sha256.Length == 64);
        Assert.All(entries, e => Assert.Matches("^[0-9a-f]{64}$", e.Sha256));
    }

    [Theory]
    [InlineData("""{"name": "x"}""", "missing required key 'files'")]
    [InlineData("""{"files": [{"path": "a.csv"}]}""", "key 'files[0]': missing required key 'sha256'")]
    [InlineData("""{"files": [{"path": "a.csv", "sha256": null}]}""",
        "key 'files[0].sha256' must be a string, got null")]
    [InlineData("""{"files": [{"path": 1, "sha256": "00"}]}""", "key 'files[0].path' must be a string, got 1")]
    [InlineData("""{"files": [""", "not valid JSON")]
    public void MalformedManifestIsARatingsErrorNamingTheKey(string json, string expected)
    {
        var path = Write(json);
        var e = Assert.Throws<RatingsFormatException>(() => DataManifest.ReadEntries(path));
        Assert.Contains(path, e.Message);
        Assert.Contains(expected, e.Message);
        Assert.IsAssignableFrom<UserInputException>(e);
    }

    [Fact]
    public void MissingManifestIsNamed()
    {
        var path = Path.Combine(TestPaths.TempDir(), "none.json");
        var e = Assert.Throws<RatingsFormatException>(() => DataManifest.ReadEntries(path));
        Assert.Contains(path, e.Message);
    }
}
