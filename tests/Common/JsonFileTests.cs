using HumanClap.Common;

namespace HumanClap.Tests.Common;

/// <summary>JsonFile's errors: each names the file, the line and the key, what the key must hold and what it
/// holds.</summary>
public class JsonFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("humanclap-jsonfile-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    public enum Shape { Round, SharpEdged }

    public sealed record Inner(int[] Sizes, double Scale = 1.0);

    public sealed record Sample(string Name, Shape Shape, Inner Inner, string? Note = null)
    {
        public bool Enabled { get; init; } = true;
    }

    private const string Good =
        """{"name": "a", "shape": "sharp_edged", "inner": {"sizes": [1, 2]}, "extra": {"anything": [null]}}""";

    private string Write(string text)
    {
        var path = Path.Combine(_dir, "sample.json");
        File.WriteAllText(path, text);
        return path;
    }

    private UserInputException Fails(string text) =>
        Assert.Throws<UserInputException>(() => JsonFile.Read<Sample>(Write(text), "sample", JsonFile.SnakeCase));

    [Fact]
    public void BindsSnakeCaseKeysAndAcceptsUnknownOnes()
    {
        var sample = JsonFile.Read<Sample>(Write(Good), "sample", JsonFile.SnakeCase);
        Assert.Equal(("a", Shape.SharpEdged, 1.0, true, null), (sample.Name, sample.Shape, sample.Inner.Scale,
            sample.Enabled, sample.Note));
        Assert.Equal([1, 2], sample.Inner.Sizes);
    }

    [Fact]
    public void MissingFileIsFileNotFound()
    {
        var path = Path.Combine(_dir, "none.json");
        var e = Assert.Throws<HumanClap.Common.MissingFileException>(
            () => JsonFile.Read<Sample>(path, "sample", JsonFile.SnakeCase));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void SyntaxErrorNamesFileAndLine()
    {
        var e = Fails("{\n\"name\": \"a\",\n oops }");
        Assert.StartsWith(Path.Combine(_dir, "sample.json") + ":3: not valid JSON", e.Message);
    }

    [Theory]
    [InlineData("\"sizes\": [1, 2]", "\"sizes\": [1, 2.5]", "key 'inner.sizes[1]' must be an integer, got 2.5")]
    [InlineData("\"sizes\": [1, 2]", "\"sizes\": \"1,2\"", "key 'inner.sizes' must be an array, each item an integer")]
    [InlineData("\"name\": \"a\"", "\"name\": 7", "key 'name' must be a string, got 7")]
    [InlineData("\"name\": \"a\"", "\"name\": null", "key 'name' must be a string, got null")]
    [InlineData("\"name\": \"a\"", "\"name\": \"a\", \"enabled\": 1", "key 'enabled' must be true or false, got 1")]
    [InlineData("\"sizes\": [1, 2]", "\"sizes\": [1, 2], \"scale\": \"2\"", "key 'inner.scale' must be a number")]
    [InlineData("\"shape\": \"sharp_edged\"", "\"shape\": \"square\"",
        "key 'shape' must be one of \"round\", \"sharp_edged\", got \"square\"")]
    [InlineData("\"shape\": \"sharp_edged\"", "\"shape\": 1", "key 'shape' must be one of")]
    [InlineData("\"inner\": {\"sizes\": [1, 2]}", "\"inner\": null", "key 'inner' must be an object, got null")]
    public void WrongValueNamesKeyExpectationAndValue(string find, string replace, string expected)
    {
        Assert.Contains(find, Good);
        var e = Fails(Good.Replace(find, replace));
        Assert.StartsWith(Path.Combine(_dir, "sample.json") + ":1: ", e.Message);
        Assert.Contains(expected, e.Message);
        Assert.IsType<System.Text.Json.JsonException>(e.InnerException, exactMatch: false);
    }

    [Fact]
    public void MissingRequiredKeyIsNamed()
    {
        var e = Fails(Good.Replace("\"name\": \"a\", ", ""));
        Assert.Contains("sample.json", e.Message);
        Assert.Contains("missing required key 'name'", e.Message);
    }

    [Fact]
    public void TopLevelOfTheWrongKindIsSaid()
    {
        Assert.Contains("the top level must be an object, got [1]", Fails("[1]").Message);
        Assert.Contains("the top level must be an object, got null", Fails("null").Message);
    }
}
