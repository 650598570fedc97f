using System.Text.Json;
using HumanClap.Audio;
using HumanClap.Audio.Laion;
using HumanClap.Model;
using HumanClap.Model.Laion;
using HumanClap.Model.MsClap;
using HumanClap.Tests.Support;
using HumanClap.Text;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace HumanClap.Tests.Model.Laion;

/// <summary>
/// The loaded .pt computes what laion_clap computes, fed what laion_clap's model received. Text: the tokenizer's
/// ids and masks exactly, the embeddings within 1e-5. Audio, unfused: the model input is rebuilt from the WAV bytes
/// (int16 quantization, repeat-pad or the recorded crop), run through torchlibrosa's front end with the kernels
/// from the .pt (the mel stage laion_clap runs inside the model, which HumanClap's HF model takes as input), then
/// through the model; fused: the four mel channels from the stored mels and chunk starts. Tolerances are the
/// README's.
/// </summary>
public class LaionParityTests(ITestOutputHelper output)
{
    private const double TextTolerance = 1e-5, AudioTolerance = 2e-4, LogmelTolerance = 0.1;

    public static TheoryData<string> Sets() => new() { "tiny_unfused", "tiny_fused", "base_unfused" };
    public static TheoryData<string> UnfusedSets() => new() { "tiny_unfused", "base_unfused" };

    private static ClapModel Load(string set) =>
        LaionCheckpoint.Load(LaionFixtures.Pt(set), new CheckpointLoadOptions { AllowPickle = true });

    private static string[] Texts(string set)
    {
        using var meta = LaionFixtures.Json(set, "meta.json");
        return meta.RootElement.GetProperty("texts").EnumerateArray().Select(e => e.GetString()!).ToArray();
    }

    private double Report(string what, Tensor actual, Tensor expected)
    {
        var diff = Fixtures.MaxAbsDiff(actual, expected);
        output.WriteLine($"{what}: max |diff| {diff:E2}");
        return diff;
    }

    [Theory, MemberData(nameof(Sets))]
    public void TextEmbeddingsMatchLaionClap(string set)
    {
        using var scope = NewDisposeScope();
        using var model = Load(set);
        var exp = LaionFixtures.Expected(set);
        var tokenizer = ClapTokenizer.FromPretrained(LaionFixtures.TokenizerDir);
        // HumanClap refuses empty and whitespace-only texts (laion_clap embeds them as <s></s>): the ids are checked
        // for the other rows; every row's embedding is checked from laion_clap's ids.
        var texts = Texts(set);
        var rows = Enumerable.Range(0, texts.Length).Where(i => !string.IsNullOrWhiteSpace(texts[i])).ToArray();
        Assert.Equal(5, rows.Length);
        using var batch = tokenizer.Encode(rows.Select(i => texts[i]).ToList());
        var index = tensor(rows.Select(i => (long)i).ToArray());
        Assert.Equal(exp["text_input_ids"].index_select(0, index).data<long>().ToArray(),
            batch.InputIds.data<long>().ToArray());
        Assert.Equal(exp["text_attention_mask"].index_select(0, index).data<long>().ToArray(),
            batch.AttentionMask.to(ScalarType.Int64).data<long>().ToArray());
        using var _ = inference_mode();
        var text = model.EncodeText(exp["text_input_ids"], exp["text_attention_mask"]);
        Assert.True(Report("text_pooler_output", text.Encoder.PoolerOutput, exp["text_pooler_output"]) < 1e-4);
        Assert.True(Report("text_projected", text.Projected, exp["text_projected"]) < 1e-4);
        Assert.True(Report("text_embeds", text.Embeds, exp["text_embeds"]) < TextTolerance);
        Assert.Equal(exp["logit_scale_a"].item<float>(), model.LogitScaleA.item<float>());
        Assert.Equal(exp["logit_scale_t"].item<float>(), model.LogitScaleT.item<float>());
    }

    [Theory, MemberData(nameof(UnfusedSets))]
    public void UnfusedAudioMatchesFromTheWaveform(string set)
    {
        using var scope = NewDisposeScope();
        using var model = Load(set);
        var exp = LaionFixtures.Expected(set);
        using var meta = LaionFixtures.Json(set, "meta.json");
        var clips = meta.RootElement.GetProperty("audio").EnumerateArray().Take(4).ToList();
        var waves = clips.Select(LaionWaveforms.ModelInput).ToList();
        for (int i = 0; i < waves.Count; i++) LaionWaveforms.CheckAgainstMeta(waves[i], clips[i]);

        using var frontEnd = LaionWaveforms.FrontEnd(set);
        using var _ = inference_mode();
        var power = frontEnd.Spectrogram(stack(waves.Select(w => tensor(w)).ToArray()));
        int row = 0;
        foreach (var clip in meta.RootElement.GetProperty("spectrogram_clips").EnumerateArray().Select(e => e.GetInt32()))
        {
            var rel = power[clip].unsqueeze(0);
            Assert.True(RelDiff(rel[.., .., ..16], exp["spectrogram_head"][row..(row + 1)]) < 1e-4);
            Assert.True(RelDiff(rel[.., .., ^16..], exp["spectrogram_tail"][row..(row + 1)]) < 1e-4);
            row++;
        }
        var logmel = frontEnd.Logmel(power);
        if (exp.TryGetValue("logmel", out var refLogmel))
        {
            int clip = meta.RootElement.GetProperty("intermediate_clips")[0].GetInt32();
            Assert.True(Report("logmel (dB)", logmel[clip..(clip + 1)], refLogmel) < LogmelTolerance);
        }
        var audio = model.EncodeAudio(logmel);
        Assert.True(Report("audio_latent", audio.Encoder.PoolerOutput, exp["audio_latent"][..4]) < 1e-3);
        Assert.True(Report("audio_projected", audio.Projected, exp["audio_projected"][..4]) < 1e-3);
        Assert.True(Report("audio_embeds", audio.Embeds, exp["audio_embeds"][..4]) < AudioTolerance);
    }

    private static double RelDiff(Tensor actual, Tensor expected)
    {
        using var scale = expected.abs().max();
        return Fixtures.MaxAbsDiff(actual, expected) / Math.Max(scale.item<float>(), 1e-12);
    }

    [Fact]
    public void FusedAudioMatchesFromTheMels()
    {
        const string set = "tiny_fused";
        using var scope = NewDisposeScope();
        using var model = Load(set);
        var exp = LaionFixtures.Expected(set);
        using var meta = LaionFixtures.Json(set, "meta.json");
        var starts = meta.RootElement.GetProperty("audio")[2].GetProperty("chunk_starts").EnumerateArray()
            .Select(e => e.GetInt32()).ToArray();
        var full = exp["mel_full_clip2"];
        // clip 2 (longer): [shrunk whole clip, front, middle, back chunk]; clip 0 (not longer): four copies.
        var clip2 = stack(new[] { exp["mel_fusion_ch0_clip2"] }.Concat(starts.Select(s => full[s..(s + 1001)]))
            .ToArray());
        var clip0 = stack(Enumerable.Repeat(exp["mel_fusion_ch0_clip0"], 4).ToArray());
        using var _ = inference_mode();
        var audio = model.EncodeAudio(stack([clip0, clip2]), tensor(new[] { false, true }).unsqueeze(1));
        var rows = tensor(new long[] { 0, 2 });
        Assert.True(Report("audio_latent", audio.Encoder.PoolerOutput, exp["audio_latent"].index_select(0, rows))
                    < 1e-3);
        Assert.True(Report("audio_embeds", audio.Embeds, exp["audio_embeds"].index_select(0, rows)) < AudioTolerance);
        var forced = model.EncodeAudio(clip0.unsqueeze(0), tensor(new[] { true }).unsqueeze(1));
        Assert.True(Report("audio_embeds_forced_longer_clip0", forced.Embeds, exp["audio_embeds_forced_longer_clip0"])
                    < AudioTolerance);
    }
}

/// <summary>laion_clap's unfused model input for the 48 kHz fixture clips, rebuilt from the WAV files by the
/// library's loader and <see cref="LaionWaveform"/>, with the recorded crop.</summary>
internal static class LaionWaveforms
{
    public static string ClipPath(JsonElement clip) =>
        Path.Combine(LaionFixtures.Root, "clips", clip.GetProperty("file").GetString()!);

    /// <summary>librosa.load at 48 kHz (k / 32768, channels averaged).</summary>
    public static float[] Loaded(JsonElement clip) =>
        AudioLoader.Load(ClipPath(clip), new AudioLoadOptions { TargetSampleRate = 48_000 });

    /// <summary>The recorded draws of a clip (crop offset for rand_trunc, chunk starts for fusion).</summary>
    public static LaionClipDraws Recorded(JsonElement clip) => clip.GetProperty("path").GetString() switch
    {
        "rand_trunc" => new LaionClipDraws(clip.GetProperty("crop_offset").GetInt32(), null),
        "fusion_chunks" => new LaionClipDraws(null,
            clip.GetProperty("chunk_starts").EnumerateArray().Select(e => e.GetInt32()).ToArray()),
        _ => LaionClipDraws.None,
    };

    /// <summary>int16 round trip, then repeat-pad or the recorded crop.</summary>
    public static float[] ModelInput(JsonElement clip)
    {
        var (window, _) = LaionWaveform.ForUnfused(LaionWaveform.Quantize(Loaded(clip)), new Random(0),
            Recorded(clip).CropOffset);
        if (clip.TryGetProperty("n_repeat", out var n))
            Assert.Equal(n.GetInt32(), LaionWaveform.ClipSamples / clip.GetProperty("loaded_length").GetInt32());
        return window;
    }

    public static void CheckAgainstMeta(float[] wave, JsonElement clip)
    {
        int[] Int16(IEnumerable<float> xs) => xs.Select(x => (int)Math.Round(x * 32767.0)).ToArray();
        Assert.Equal(clip.GetProperty("waveform_int16_first8").EnumerateArray().Select(e => e.GetInt32()),
            Int16(wave.Take(8)));
        Assert.Equal(clip.GetProperty("waveform_int16_last8").EnumerateArray().Select(e => e.GetInt32()),
            Int16(wave.Skip(wave.Length - 8)));
        var bytes = new byte[wave.Length * 4];
        Buffer.BlockCopy(wave, 0, bytes, 0, bytes.Length);
        Assert.Equal(clip.GetProperty("waveform_sha256").GetString(),
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));
    }

    /// <summary>torchlibrosa's Spectrogram + LogmelFilterBank at 48 kHz / hop 480 with the kernels and mel matrix of
    /// the set's .pt (the keys the HF model ignores).</summary>
    public static TorchLibrosaFrontEnd FrontEnd(string set)
    {
        var weights = LaionCheckpoint.ReadStateDict(LaionFixtures.Pt(set), allowPickle: true).Weights;
        try
        {
            return LaionFrontEnd.FromStateDict(weights, set);
        }
        finally
        {
            foreach (var (_, t) in weights) t.Dispose();
        }
    }
}
