using HumanClap.Model;
using HumanClap.Model.MsClap;
using HumanClap.Tests.Common;
using HumanClap.Tests.Support;
using static TorchSharp.torch;

namespace HumanClap.Tests.Model.MsClap;

/// <summary>msclap's pickles (opt-in only, both versions' storages), convert, strict key checks, config
/// binding.</summary>
public class MsClapCheckpointTests
{
    private static string Pth(string name) =>
        Path.Combine(MsClapFixtures.Dir(name), $"CLAP_weights_{name[^4..]}.pth");

    [Fact]
    public void PickleIsRefusedWithoutOptIn()
    {
        var e = Assert.Throws<HumanClap.Common.UserInputException>(() => MsClapCheckpoint.Load(Pth("tiny_2023")));
        Assert.Contains("--allow-pickle", e.Message);
        Assert.Contains("CLAP_weights_2023.pth", e.Message);
    }

    [Theory]
    [InlineData("tiny_2023")]
    [InlineData("tiny_2022")]
    public void PickleHoldsTheSameTensorsAsSafetensors(string name)
    {
        using var scope = NewDisposeScope();
        var pickled = MsClapCheckpoint.ReadPickle(Pth(name), allowPickle: true);
        var stored = CheckpointIO.ReadSafetensors(Path.Combine(MsClapFixtures.Dir(name), "model.safetensors"));
        Assert.Equal(stored.Keys.OrderBy(k => k, StringComparer.Ordinal), pickled.Keys.OrderBy(k => k,
            StringComparer.Ordinal));
        foreach (var (key, t) in stored)
        {
            Assert.Equal(t.dtype, pickled[key].dtype);
            Assert.True(t.shape.SequenceEqual(pickled[key].shape) && t.equal(pickled[key]).all().item<bool>(), key);
        }
    }

    [Fact]
    public void ConvertRoundTripsExactlyAndTheFolderLoads()
    {
        using var scope = NewDisposeScope();
        var outDir = TestPaths.TempDir();
        MsClapCheckpoint.Convert(Pth("tiny_2023"), outDir, allowPickle: true);
        var pickled = MsClapCheckpoint.ReadPickle(Pth("tiny_2023"), allowPickle: true);
        var converted = CheckpointIO.ReadSafetensors(Path.Combine(outDir, "model.safetensors"));
        Assert.Equal(pickled.Count, converted.Count);
        foreach (var (key, t) in pickled)
            Assert.True(t.dtype == converted[key].dtype && t.equal(converted[key]).all().item<bool>(), key);
        Assert.Empty(Directory.GetFiles(outDir, "*.tmp"));

        var exp = MsClapFixtures.Expected("tiny_2023");
        using var model = MsClapCheckpoint.Load(outDir);
        using var _ = no_grad();
        var text = model.EmbedText(exp["input_ids"], exp["attention_mask"]);
        Assert.True(Fixtures.MaxAbsDiff(text, exp["text_embeds"][..5]) < 1e-4);
    }

    [Fact]
    public void PickleLoadsWithOptInLikeTheFolder()
    {
        using var scope = NewDisposeScope();
        var exp = MsClapFixtures.Expected("tiny_2023");
        using var model = MsClapCheckpoint.Load(Pth("tiny_2023"), new CheckpointLoadOptions { AllowPickle = true });
        using var _ = no_grad();
        var audio = model.EmbedAudio(exp["waveform"][..2]);
        Assert.True(Fixtures.MaxAbsDiff(audio, exp["audio_embeds"][..2]) < 1e-3);
    }

    [Fact]
    public void StrictLoadingNamesEveryOffendingKeyButSkipsMsclapsIgnoredOnes()
    {
        using var scope = NewDisposeScope();
        var weights = CheckpointIO.ReadSafetensors(Path.Combine(MsClapFixtures.Dir("tiny_2023"), "model.safetensors"));
        Assert.Contains("caption_encoder.base.h.0.attn.bias", weights.Keys);  // ignored, as msclap does
        weights.Remove("caption_encoder.projection.linear1.weight");
        weights["audio_encoder.base.htsat.extra.weight"] = zeros(2);
        weights["logit_scale"] = zeros(3);
        using var model = new MsClapModel(MsClapConfig.Load(
            Path.Combine(MsClapFixtures.Dir("tiny_2023"), MsClapConfig.FileName)));
        var e = Assert.Throws<CheckpointMismatchException>(() =>
            CheckpointIO.LoadStrict(model, weights, "test", MsClapCheckpoint.IsIgnoredKey));
        Assert.Equal(["caption_encoder.projection.linear1.weight"], e.Missing);
        Assert.Equal(["audio_encoder.base.htsat.extra.weight"], e.Unexpected);
        Assert.Single(e.ShapeMismatches);
        Assert.Contains("logit_scale", e.ShapeMismatches[0]);
    }

    [Fact]
    public void RealPresetsHaveThePublishedSizes()
    {
        using var m2023 = new MsClapModel(MsClapConfig.Preset2023());
        var p = m2023.state_dict();
        Assert.Equal(new long[] { 96, 1, 4, 4 }, p["audio_encoder.base.htsat.patch_embed.proj.weight"].shape);
        Assert.Equal(new long[] { 1024, 768 }, p["audio_encoder.projection.linear1.weight"].shape);
        Assert.Equal(new long[] { 768, 2304 }, p["caption_encoder.base.h.11.attn.c_attn.weight"].shape);
        Assert.Equal(new long[] { 527, 768, 2, 3 }, p["audio_encoder.base.htsat.tscam_conv.weight"].shape);
        Assert.Equal(308700, MsClapConfig.Preset2023().ClipSamples);
        Assert.Equal(220500, MsClapConfig.Preset2022().ClipSamples);
    }

    [Fact]
    public void ConfigErrorsNameTheField()
    {
        var dir = TestPaths.TempDir();
        var path = Path.Combine(dir, MsClapConfig.FileName);
        var text = File.ReadAllText(Path.Combine(MsClapFixtures.Dir("tiny_2023"), MsClapConfig.FileName));
        File.WriteAllText(path, text.Replace("\"embed_dim\": 16", "\"embed_dim\": \"16\""));
        var e = Assert.Throws<HumanClap.Common.UserInputException>(() => MsClapConfig.Load(path));
        Assert.Contains("$.htsat.embed_dim", e.Message);
        File.WriteAllText(path, text.Replace("\"d_proj\": 32,\n \"logit_scale\"", "\"logit_scale\""));
        e = Assert.Throws<HumanClap.Common.UserInputException>(() => MsClapConfig.Load(path));
        Assert.Contains("d_proj", e.Message);
    }

    [Theory]
    [InlineData("CLAP_weights_2023.pth")]
    [InlineData("renamed.pth")]
    public void APickleWithoutConfigGetsTheRealPresetFromItsNameOrKeys(string fileName)
    {
        // The tiny checkpoint alone: the version comes from the name or the keys, the sizes from the real preset,
        // so strict loading names the reduced tensors.
        var dir = TestPaths.TempDir();
        var pth = Path.Combine(dir, fileName);
        File.Copy(Pth("tiny_2023"), pth);
        var e = Assert.Throws<CheckpointMismatchException>(() =>
            MsClapCheckpoint.Load(pth, new CheckpointLoadOptions { AllowPickle = true }));
        Assert.Contains(
            "audio_encoder.base.htsat.patch_embed.proj.weight: checkpoint [16, 1, 4, 4] vs model [96, 1, 4, 4]",
            e.ShapeMismatches);
        Assert.Contains("caption_encoder.base.h.2.ln_1.weight", e.Missing);
    }
}
