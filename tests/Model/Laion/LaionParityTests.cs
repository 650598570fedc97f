using System.Text.Json;
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

/// <summary>laion_clap's unfused model input for the 48 kHz int16 fixture clips, rebuilt from the WAV bytes.
/// </summary>
internal static class LaionWaveforms
{
    private const int ClipSamples = 480_000;

    /// <summary>librosa's float32 (k / 32768, channels averaged), int16_to_float32(float32_to_int16(x)), then
    /// repeat-pad (repeat int(480000 / L) times, zero-fill) or the recorded crop.</summary>
    public static float[] ModelInput(JsonElement clip)
    {
        var (samples, channels) = ReadPcm16(Path.Combine(LaionFixtures.Root, "clips", clip.GetProperty("file").GetString()!));
        int frames = samples.Length / channels;
        var loaded = new float[frames];
        for (int i = 0; i < frames; i++)
        {
            float sum = 0;
            for (int c = 0; c < channels; c++) sum += samples[i * channels + c] / 32768f;
            loaded[i] = channels == 1 ? sum : sum / channels;
        }
        var quantized = loaded.Select(x => (float)((short)(Math.Clamp(x, -1f, 1f) * 32767f) / 32767.0)).ToArray();
        var result = new float[ClipSamples];
        switch (clip.GetProperty("path").GetString())
        {
            case "exact": quantized.CopyTo(result, 0); break;
            case "rand_trunc":
                Array.Copy(quantized, clip.GetProperty("crop_offset").GetInt32(), result, 0, ClipSamples); break;
            case "repeatpad":
                int n = ClipSamples / frames;
                Assert.Equal(clip.GetProperty("n_repeat").GetInt32(), n);
                for (int r = 0; r < n; r++) quantized.CopyTo(result, r * frames);
                break;
            default: throw new NotSupportedException(clip.GetProperty("path").GetString());
        }
        return result;
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
        var frontEnd = new TorchLibrosaFrontEnd(64, 1024, 480);
        var weights = LaionCheckpoint.ReadStateDict(LaionFixtures.Pt(set), allowPickle: true).Weights;
        try
        {
            using var _ = no_grad();
            var state = frontEnd.state_dict();
            foreach (var (key, t) in weights)
                if (key.StartsWith("audio_branch.", StringComparison.Ordinal)
                    && state.TryGetValue(key["audio_branch.".Length..], out var dest)) dest.copy_(t);
        }
        finally
        {
            foreach (var (_, t) in weights) t.Dispose();
        }
        frontEnd.eval();
        return frontEnd;
    }

    private static (short[] Samples, int Channels) ReadPcm16(string path)
    {
        var bytes = File.ReadAllBytes(path);
        int channels = 0, bits = 0, pos = 12;
        while (pos + 8 <= bytes.Length)
        {
            var id = System.Text.Encoding.ASCII.GetString(bytes, pos, 4);
            int size = BitConverter.ToInt32(bytes, pos + 4);
            if (id == "fmt ")
            {
                channels = BitConverter.ToInt16(bytes, pos + 10);
                bits = BitConverter.ToInt16(bytes, pos + 22);
            }
            else if (id == "data")
            {
                Assert.Equal(16, bits);
                var samples = new short[size / 2];
                Buffer.BlockCopy(bytes, pos + 8, samples, 0, size);
                return (samples, channels);
            }
            pos += 8 + size + (size & 1);
        }
        throw new InvalidDataException($"{path}: no data chunk");
    }
}
