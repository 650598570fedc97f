using System.Text.Json;
using HumanClap.Synthetic;

namespace HumanClap.Tests.Synthetic;

/// <summary>world.json as a typed record: the bytes earlier versions wrote, read back as written, and recognised in
/// an existing run folder; the corpus a generation returns is the one its files give back.</summary>
public sealed class WorldManifestTests(TinyWorldFixture world) : IClassFixture<TinyWorldFixture>
{
    private string WorldJson => world.Summary.Folder.WorldJson;

    [Fact]
    public void WorldJsonHasTheBytesTheEarlierAnonymousObjectWriterProduced()
    {
        // How world.json was written before it had a type; a run folder holding such a file must keep resuming.
        var c = world.Summary.Counts;
        var earlier = JsonSerializer.Serialize(new
        {
            scale = WorldScale.Tiny, seed = TinyWorldFixture.Seed, counts = new
            {
                c.TrainCaptions, c.TestCaptions, c.PretrainClips, c.WavFiles, c.Pairs, c.Listeners,
                c.CarelessListeners, c.ScreenedOutListeners, c.Ratings, c.AnchorRatings,
            },
            systems = TtaSystems.All,
        }, new JsonSerializerOptions { WriteIndented = true }) + "\n";
        Assert.Equal(earlier, File.ReadAllText(WorldJson));
    }

    [Fact]
    public void WorldJsonReadsBackAsWritten()
    {
        var manifest = WorldManifest.TryRead(WorldJson);
        Assert.NotNull(manifest);
        Assert.True(manifest.IsWorldOf(WorldScale.Tiny, TinyWorldFixture.Seed));
        Assert.False(manifest.IsWorldOf(WorldScale.Tiny, TinyWorldFixture.Seed + 1));
        Assert.False(manifest.IsWorldOf(WorldScale.Default, TinyWorldFixture.Seed));
        Assert.Equal(world.Summary.Counts, manifest.Counts);
        Assert.Equal(TtaSystems.All, manifest.Systems!);
        Assert.Equal(WorldScale.Tiny.Noise, manifest.Scale.Noise);
        var again = Path.Combine(Path.GetTempPath(), "humanclap-world-" + Guid.NewGuid().ToString("N") + ".json");
        try
        {
            manifest.Write(again);
            Assert.Equal(File.ReadAllText(WorldJson), File.ReadAllText(again));
        }
        finally { File.Delete(again); }
    }

    [Theory]
    [InlineData("{\"scale\":{\"Name\":\"tiny\"},\"seed\":3}", "tiny", 3)]
    [InlineData("{\"seed\":3}", null, 0)]
    [InlineData("{\"scale\":{\"Name\":\"tiny\"}}", null, 0)]
    [InlineData("not json", null, 0)]
    public void OnlyAFileWithScaleAndSeedIsAWorld(string json, string? scale, int seed)
    {
        var path = Path.Combine(Path.GetTempPath(), "humanclap-world-" + Guid.NewGuid().ToString("N") + ".json");
        try
        {
            File.WriteAllText(path, json);
            var manifest = WorldManifest.TryRead(path);
            Assert.Equal(scale, manifest?.Scale.Name);
            if (manifest is not null) Assert.Equal(seed, manifest.Seed);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void CorpusReadFromTheFilesIsTheOneGenerationReturned() =>
        Assert.Equal(world.Summary.Corpus, world.Summary.Folder.ReadCorpus());
}
