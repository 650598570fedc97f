using HumanClap.Model;
using HumanClap.Tests.Support;

namespace HumanClap.Tests.Model;

public class CheckpointManifestTests
{
    private static string Manifests => Path.Combine(Fixtures.RepoRoot, "data-manifests", "checkpoints");

    [Theory]
    [InlineData("tiny_unfused")]
    [InlineData("tiny_fused")]
    public void FixtureManifestsMatchTheCommittedCheckpoints(string name)
    {
        var manifest = CheckpointManifest.Load(Path.Combine(Manifests, $"fixture-{name}.json"));
        Assert.Empty(manifest.Check(Fixtures.Checkpoint(name)));
        // Every file the manifest lists is enough to load the model strictly.
        using var model = ClapModel.FromPretrained(Fixtures.Checkpoint(name));
    }

    [Fact]
    public void AChangedOrMissingFileIsNamed()
    {
        var dir = Directory.CreateTempSubdirectory("humanclap-manifest-").FullName;
        try
        {
            foreach (var f in Directory.GetFiles(Fixtures.Checkpoint("tiny_unfused")))
                File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
            File.AppendAllText(Path.Combine(dir, "vocab.json"), " ");
            File.Delete(Path.Combine(dir, "merges.txt"));
            var problems = CheckpointManifest.Load(Path.Combine(Manifests, "fixture-tiny_unfused.json")).Check(dir);
            Assert.Equal(2, problems.Count);
            Assert.Contains(problems, p => p.Contains("vocab.json") && p.Contains("SHA-256"));
            Assert.Contains(problems, p => p.Contains("merges.txt") && p.Contains("missing"));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Theory]
    [InlineData("clap-htsat-unfused", "laion/clap-htsat-unfused")]
    [InlineData("clap-htsat-fused", "laion/clap-htsat-fused")]
    [InlineData("larger_clap_general", "laion/larger_clap_general")]
    [InlineData("larger_clap_music", "laion/larger_clap_music")]
    public void PublicManifestsListTheFilesTheLoaderReads(string file, string name)
    {
        var manifest = CheckpointManifest.Load(Path.Combine(Manifests, file + ".json"));
        Assert.Equal(name, manifest.Name);
        Assert.StartsWith("https://huggingface.co/" + name, manifest.Source);
        Assert.Equal(["config.json", "model.safetensors", "preprocessor_config.json", "vocab.json", "merges.txt"],
            manifest.Files.Select(f => f.Path));
        // The fixture folders hold exactly these files, and the loader reads them: so a download with them is
        // complete.
        Assert.Empty(manifest.Check(Fixtures.Checkpoint("tiny_unfused")));
    }

    [Theory]
    [InlineData("mse")]
    [InlineData("wsce")]
    [InlineData("wsce-mae")]
    [InlineData("wsce-mse")]
    [InlineData("mse-mae")]
    [InlineData("wsce-mse-mae")]
    public void HumanClapManifestsNameTheModelFilesAndTheProcessorTheyNeed(string variant)
    {
        var path = Path.Combine(Manifests, $"human-clap-{variant}.json");
        var manifest = CheckpointManifest.Load(path);
        Assert.Equal($"sarulab-speech/human-clap-{variant}", manifest.Name);
        Assert.Equal($"https://huggingface.co/sarulab-speech/human-clap-{variant}", manifest.Source);
        Assert.Equal(["config.json", "model.safetensors"], manifest.Files.Select(f => f.Path));
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
        var processor = doc.RootElement.GetProperty("processor");
        Assert.Equal("laion/clap-htsat-fused", processor.GetProperty("from").GetString());
        Assert.Equal(HumanClap.Scoring.HfProcessorFiles.Names,
            processor.GetProperty("files").EnumerateArray().Select(f => f.GetString()));
        Assert.Contains("--processor", doc.RootElement.GetProperty("use").GetString());
    }

    [Theory]
    [InlineData("msclap-2023", "CLAP_weights_2023.pth")]
    [InlineData("msclap-2022", "CLAP_weights_2022.pth")]
    public void MsClapManifestsNameMsclapsOwnFiles(string file, string weights)
    {
        var manifest = CheckpointManifest.Load(Path.Combine(Manifests, file + ".json"));
        Assert.Equal("https://huggingface.co/microsoft/msclap", manifest.Source);
        Assert.Equal(weights, manifest.Files[0].Path);
        Assert.Contains("model.safetensors", manifest.Files[0].Alternatives);
    }

    [Theory]
    [InlineData("""{"source": "s", "files": []}""", "missing required key 'name'")]
    [InlineData("""{"name": "n", "source": "s", "files": {}}""", "key 'files' must be an array")]
    [InlineData("""{"name": "n", "source": "s", "files": [{"sha256": "00"}]}""",
        "key 'files[0]': missing required key 'path'")]
    [InlineData("""{"name": "n", "source": "s", "files": [{"path": 3}]}""",
        "key 'files[0].path' must be a string, got 3")]
    [InlineData("""{"name": "n", "source": "s", "files": [{"path": "a", "alternatives": ["b", 2]}]}""",
        "key 'files[0].alternatives[1]' must be a string, got 2")]
    public void MalformedManifestNamesTheKey(string json, string expected)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("humanclap-manifest-").FullName, "m.json");
        try
        {
            File.WriteAllText(path, json);
            var e = Assert.Throws<HumanClap.Common.UserInputException>(() => CheckpointManifest.Load(path));
            Assert.Contains(path, e.Message);
            Assert.Contains(expected, e.Message);
        }
        finally { Directory.Delete(Path.GetDirectoryName(path)!, true); }
    }

    [Fact]
    public void OptionalKeysDefaultToNoHashAndNoAlternatives()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("humanclap-manifest-").FullName, "m.json");
        try
        {
            File.WriteAllText(path, """{"name": "n", "source": "s", "files": [{"path": "a"}], "notes": [1]}""");
            var file = Assert.Single(CheckpointManifest.Load(path).Files);
            Assert.Equal(("a", null), (file.Path, file.Sha256));
            Assert.Empty(file.Alternatives);
        }
        finally { Directory.Delete(Path.GetDirectoryName(path)!, true); }
    }
}
