using System.Text.Json;
using HumanClap.Common;
using HumanClap.Model;
using HumanClap.Model.Laion;
using HumanClap.Tests.Support;
using static TorchSharp.torch;

namespace HumanClap.Tests.Model.Laion;

/// <summary>Reading LAION's .pt: the preset is read off the keys, loading is strict and names offenders as the file
/// names them, pickles need the opt-in.</summary>
public class LaionLoadTests
{
    public static TheoryData<string> Sets() => new() { "tiny_unfused", "tiny_fused", "base_unfused" };

    [Theory, MemberData(nameof(Sets))]
    public void PresetIsInferredFromKeysAndShapes(string set)
    {
        using var model = LaionCheckpoint.Load(LaionFixtures.Pt(set), new CheckpointLoadOptions { AllowPickle = true });
        using var doc = LaionFixtures.Json(set, "model_config.json");
        var root = doc.RootElement;
        var htsat = root.GetProperty("htsat");
        var roberta = root.GetProperty("roberta");
        int[] Ints(JsonElement e) => e.EnumerateArray().Select(x => x.GetInt32()).ToArray();
        var c = model.Config;
        Assert.Equal(root.GetProperty("enable_fusion").GetBoolean(), c.Audio.EnableFusion);
        Assert.Equal(htsat.GetProperty("embed_dim").GetInt32(), c.Audio.PatchEmbedsHiddenSize);
        Assert.Equal(Ints(htsat.GetProperty("depths")), c.Audio.Depths);
        Assert.Equal(Ints(htsat.GetProperty("num_heads")), c.Audio.NumAttentionHeads);
        Assert.Equal(htsat.GetProperty("window_size").GetInt32(), c.Audio.WindowSize);
        Assert.Equal(htsat.GetProperty("mlp_ratio").GetDouble(), c.Audio.MlpRatio);
        Assert.Equal(htsat.GetProperty("num_features").GetInt32(), c.Audio.HiddenSize);
        Assert.Equal(root.GetProperty("joint_embed_shape").GetInt32(), c.ProjectionDim);
        Assert.Equal(roberta.GetProperty("hidden_size").GetInt32(), c.Text.HiddenSize);
        Assert.Equal(roberta.GetProperty("num_hidden_layers").GetInt32(), c.Text.NumHiddenLayers);
        Assert.Equal(roberta.GetProperty("num_attention_heads").GetInt32(), c.Text.NumAttentionHeads);
        Assert.Equal(roberta.GetProperty("intermediate_size").GetInt32(), c.Text.IntermediateSize);
        Assert.Equal(roberta.GetProperty("vocab_size").GetInt32(), c.Text.VocabSize);
        Assert.Equal(roberta.GetProperty("max_position_embeddings").GetInt32(), c.Text.MaxPositionEmbeddings);
        Assert.Equal(roberta.GetProperty("layer_norm_eps").GetDouble(), c.Text.LayerNormEps);
    }

    [Fact]
    public void PickleIsRefusedWithoutTheOptIn()
    {
        var e = Assert.Throws<UserInputException>(() => LaionCheckpoint.Load(LaionFixtures.Pt("tiny_unfused")));
        Assert.Contains("--allow-pickle", e.Message);
    }

    /// <summary>The file's state dict (prefix stripped), for tests that alter it before loading.</summary>
    private static List<(string Key, Tensor Value)> StateDict(string set) =>
        LaionCheckpoint.ReadStateDict(LaionFixtures.Pt(set), allowPickle: true).Weights;

    private static ClapModel FromEdited(string set, Func<List<(string Key, Tensor Value)>, List<(string, Tensor)>> edit,
        IReadOnlyList<string>? unprefixed = null)
    {
        var weights = StateDict(set);
        try
        {
            return LaionCheckpoint.FromStateDict(edit(weights), unprefixed ?? [], "edited.pt",
                Path.Combine(LaionFixtures.Set(set), "model_config.json"));
        }
        finally
        {
            foreach (var (_, t) in weights) t.Dispose();
        }
    }

    [Fact]
    public void PositionIdsMayBePresentOrAbsent()
    {
        const string key = "text_branch.embeddings.position_ids";
        Assert.Contains(StateDict("tiny_unfused"), w => w.Key == key);
        using var model = FromEdited("tiny_unfused", w => w.Where(x => x.Key != key).ToList());
    }

    [Fact]
    public void EveryOffendingKeyIsNamedAsInTheFile()
    {
        const string qkv = "audio_branch.layers.1.blocks.0.attn.qkv.weight";
        const string bias = "text_branch.encoder.layer.0.attention.self.query.bias";
        const string renamed = "audio_branch.layers.0.blocks.0.mlp.fc1.weight";
        const string reshaped = "audio_branch.layers.0.blocks.0.norm1.weight";
        var e = Assert.Throws<CheckpointMismatchException>(() => FromEdited("tiny_unfused", w => w
            .Where(x => x.Key != qkv && x.Key != bias)
            .Select(x => x.Key == renamed ? ("audio_branch.layers.0.blocks.0.mlp.fc9.weight", x.Value)
                : x.Key == reshaped ? (x.Key, x.Value[..^1]) : (x.Key, x.Value))
            .ToList(), unprefixed: ["stray.weight"]));
        Assert.Equal(new[] { qkv, bias, renamed }.Order(StringComparer.Ordinal),
            e.Missing.Order(StringComparer.Ordinal));
        Assert.Contains(e.Unexpected, u => u.StartsWith("audio_branch.layers.0.blocks.0.mlp.fc9.weight"));
        Assert.Contains(e.Unexpected, u => u.StartsWith("stray.weight"));
        Assert.Single(e.ShapeMismatches, s => s.StartsWith(reshaped + ":"));
        foreach (var name in new[] { qkv, bias, renamed, "mlp.fc9", "stray.weight", reshaped })
            Assert.Contains(name, e.Message);
    }

    [Fact]
    public void QkvThatCannotBeSplitIsNamed()
    {
        const string qkv = "audio_branch.layers.0.blocks.1.attn.qkv.bias";
        var e = Assert.Throws<CheckpointMismatchException>(() => FromEdited("tiny_unfused", w => w
            .Select(x => x.Key == qkv ? (x.Key, x.Value[..^1]) : (x.Key, x.Value)).ToList()));
        Assert.Empty(e.Missing);
        Assert.Single(e.ShapeMismatches, s => s.StartsWith(qkv + ":"));
    }

    [Fact]
    public void IgnoredKeysAreOnlyThoseLaionClapIgnores()
    {
        var ignored = StateDict("tiny_unfused").Select(w => w.Key).Where(LaionKeyMap.IsIgnoredKey).ToList();
        Assert.Contains("audio_branch.logmel_extractor.melW", ignored);
        Assert.Contains("audio_branch.spectrogram_extractor.stft.conv_real.weight", ignored);
        Assert.All(ignored, k => Assert.Matches(
            @"^(audio_branch\.(spectrogram_extractor|logmel_extractor|tscam_conv|head|layers\.\d+\.blocks\.\d+\.attn_mask)|(audio|text)_transform)",
            k));
    }
}
