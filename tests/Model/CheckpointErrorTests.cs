using System.Text.Json.Nodes;
using HumanClap.Common;
using HumanClap.Model;
using HumanClap.Tests.Support;
using static TorchSharp.torch;

namespace HumanClap.Tests.Model;

/// <summary>Strict loading: every bad key or field is named in the error.</summary>
public class CheckpointErrorTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "humanclap-ckpt-" + Guid.NewGuid().ToString("N"));

    public CheckpointErrorTests()
    {
        Directory.CreateDirectory(_dir);
        foreach (var f in new[] { "config.json", "model.safetensors" })
            File.Copy(Path.Combine(Fixtures.Checkpoint("tiny_unfused"), f), Path.Combine(_dir, f));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void EditWeights(Action<Dictionary<string, Tensor>> edit)
    {
        var path = Path.Combine(_dir, "model.safetensors");
        var sd = SafetensorsIO.Load(path);
        edit(sd);
        SafetensorsIO.Save(path, sd);
        foreach (var t in sd.Values) t.Dispose();
    }

    [Fact]
    public void RenamedMissingAndMisshapedTensorsAreAllNamed()
    {
        EditWeights(sd =>
        {
            sd["audio_projection.linear1.weights_renamed"] = sd["audio_projection.linear1.weight"];
            sd.Remove("audio_projection.linear1.weight");
            sd.Remove("text_model.pooler.dense.bias");
            sd["text_projection.linear2.weight"] = zeros(3, 3);
        });
        var e = Assert.Throws<CheckpointMismatchException>(() => ClapModel.FromPretrained(_dir));
        Assert.Contains("audio_projection.linear1.weight", e.Missing);
        Assert.Contains("text_model.pooler.dense.bias", e.Missing);
        Assert.Contains("audio_projection.linear1.weights_renamed", e.Unexpected);
        Assert.Single(e.ShapeMismatches);
        Assert.Contains("text_projection.linear2.weight", e.Message);
        Assert.Contains("model.safetensors", e.Message);
    }

    [Fact]
    public void CheckpointWithoutDerivableIndexBuffersStillLoadsIdentically()
    {
        EditWeights(sd => sd.Remove("text_model.embeddings.position_ids"));
        using var model = ClapModel.FromPretrained(_dir);
        using var reference = ClapModel.FromPretrained(Fixtures.Checkpoint("tiny_unfused"));
        var a = model.state_dict()["text_model.embeddings.position_ids"];
        var b = reference.state_dict()["text_model.embeddings.position_ids"];
        Assert.True(a.eq(b).all().item<bool>());
    }

    [Theory]
    [InlineData("\"hidden_size\": 128", "\"hidden_size\": \"128\"", "audio_config.hidden_size")]
    [InlineData("\"enable_fusion\": false", "\"enable_fusion\": 0", "audio_config.enable_fusion")]
    [InlineData("\"layer_norm_eps\": 1e-12", "\"layer_norm_eps\": \"tiny\"", "text_config.layer_norm_eps")]
    [InlineData("\"depths\": [", "\"depths\": [1.5, ", "audio_config.depths[0]")]
    [InlineData("\"depths\": [", "\"depths\": null, \"x\": [", "audio_config.depths")]
    [InlineData("\"audio_config\": {", "\"audio_config\": null, \"x\": {", "audio_config")]
    [InlineData("\"vocab_size\": 420", "\"vocab_size\": 420.0", "text_config.vocab_size")]
    [InlineData("\"hidden_act\": \"gelu\"", "\"hidden_act\": \"relu\"", "audio_config.hidden_act")]
    public void ConfigWithWrongTypeNamesTheField(string find, string replace, string field)
    {
        var path = Path.Combine(_dir, "config.json");
        var text = File.ReadAllText(path);
        Assert.Contains(find, text);
        File.WriteAllText(path, ReplaceFirst(text, find, replace));
        var e = Assert.Throws<UserInputException>(() => ClapModel.FromPretrained(_dir));
        Assert.Contains($"key '{field}'", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void ConfigKeysThisPortDoesNotUseAreAcceptedAndMissingOnesKeepTheDefaults()
    {
        var path = Path.Combine(_dir, "config.json");
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        // The fixture, written by transformers, already carries keys the port ignores (dtype, num_classes, ...).
        Assert.True(json["audio_config"]!.AsObject().ContainsKey("num_classes"));
        json["some_future_key"] = new JsonObject { ["nested"] = new JsonArray(1, null, "x") };
        json["text_config"]!.AsObject().Remove("type_vocab_size");
        json["audio_config"]!.AsObject().Remove("aff_block_r");
        File.WriteAllText(path, json.ToJsonString());
        var config = ClapConfig.Load(path);
        Assert.Equal(new ClapTextConfig().TypeVocabSize, config.Text.TypeVocabSize);
        Assert.Equal(new ClapAudioConfig().AffBlockR, config.Audio.AffBlockR);
        Assert.Equal(json["text_config"]!["vocab_size"]!.GetValue<int>(), config.Text.VocabSize);
    }

    [Fact]
    public void TowersTakeTheTopLevelProjectionDimAsTransformersDoes()
    {
        var path = Path.Combine(_dir, "config.json");
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        int top = json["projection_dim"]!.GetValue<int>();
        json["audio_config"]!["projection_dim"] = top + 5;
        File.WriteAllText(path, json.ToJsonString());
        var written = ClapConfig.Load(path).ToJson();
        Assert.Equal(top, written["audio_config"]!["projection_dim"]!.GetValue<int>());
        Assert.Equal(top, written["text_config"]!["projection_dim"]!.GetValue<int>());
    }

    [Fact]
    public void WrittenConfigCarriesTheKeysTransformersReads()
    {
        var written = ClapConfig.HtsatTiny(fusion: true).ToJson();
        Assert.Equal("ClapModel", written["architectures"]![0]!.GetValue<string>());
        Assert.Equal(("clap", "clap_audio_model", "clap_text_model"), (written["model_type"]!.GetValue<string>(),
            written["audio_config"]!["model_type"]!.GetValue<string>(),
            written["text_config"]!["model_type"]!.GetValue<string>()));
        Assert.Equal(written["text_config"]!["hidden_size"]!.GetValue<int>(), written["hidden_size"]!.GetValue<int>());
        Assert.Equal("aff_2d", written["audio_config"]!["fusion_type"]!.GetValue<string>());
    }

    [Fact]
    public void PickleCheckpointNeedsExplicitOptIn()
    {
        File.Delete(Path.Combine(_dir, "model.safetensors"));
        File.WriteAllBytes(Path.Combine(_dir, "pytorch_model.bin"), new byte[] { 0x80, 0x02 });
        var e = Assert.Throws<HumanClap.Common.UserInputException>(() => ClapModel.FromPretrained(_dir));
        Assert.Contains("pickle", e.Message);
    }

    [Fact]
    public void SaveThenLoadRoundTripsEveryTensor()
    {
        using var model = ClapModel.FromPretrained(Fixtures.Checkpoint("tiny_fused"));
        var outDir = Path.Combine(_dir, "saved");
        model.SavePretrained(outDir);
        using var again = ClapModel.FromPretrained(outDir);
        var a = model.state_dict();
        foreach (var (k, v) in again.state_dict())
            Assert.True(v.eq(a[k]).all().item<bool>(), $"{k} differs after save/load");
        Assert.Equal(model.Config, again.Config with { Audio = again.Config.Audio with { } }, new ConfigComparer());
    }

    private static string ReplaceFirst(string s, string find, string replace)
    {
        int i = s.IndexOf(find, StringComparison.Ordinal);
        return s[..i] + replace + s[(i + find.Length)..];
    }

    /// <summary>Records holding arrays compare by reference; compare their JSON instead.</summary>
    private sealed class ConfigComparer : IEqualityComparer<ClapConfig>
    {
        public bool Equals(ClapConfig? x, ClapConfig? y) => x!.ToJson().ToJsonString() == y!.ToJson().ToJsonString();
        public int GetHashCode(ClapConfig obj) => 0;
    }
}
