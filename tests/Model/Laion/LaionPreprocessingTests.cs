using System.Text.Json;
using HumanClap.Audio;
using HumanClap.Audio.Laion;
using HumanClap.Model;
using HumanClap.Model.Laion;
using HumanClap.Tests.Support;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace HumanClap.Tests.Model.Laion;

/// <summary>
/// laion_clap's preprocessing in the library (<see cref="LaionPreprocessor"/>), end to end from the WAV files with
/// the recorded crop / chunk starts, against the laion-parity fixtures: the 48 kHz clips 0–3 exactly (waveform
/// sha256) and within the README's tolerances after. Clips 4–5 go through laion_clap's libsoxr resampler, which
/// HumanClap does not have: they are checked from the stored loader output instead.
/// </summary>
public class LaionPreprocessingTests(ITestOutputHelper output)
{
    private const double AudioTolerance = 2e-4, MelTolerance = 0.1;
    private const int Clips48k = 4;

    public static TheoryData<string> Sets() => new() { "tiny_unfused", "tiny_fused", "base_unfused" };

    private double Report(string what, Tensor actual, Tensor expected)
    {
        var diff = Fixtures.MaxAbsDiff(actual, expected);
        output.WriteLine($"{what}: max |diff| {diff:E2}");
        return diff;
    }

    private static List<JsonElement> Clips(JsonDocument meta) =>
        meta.RootElement.GetProperty("audio").EnumerateArray().ToList();

    [Theory, MemberData(nameof(Sets))]
    public void EmbeddingsMatchFromTheWavFiles(string set)
    {
        using var scope = NewDisposeScope();
        var (model, preprocessor) = LaionCheckpoint.LoadWithPreprocessor(LaionFixtures.Pt(set),
            new CheckpointLoadOptions { AllowPickle = true });
        using var _m = model;
        using var _p = preprocessor;
        var exp = LaionFixtures.Expected(set);
        using var meta = LaionFixtures.Json(set, "meta.json");
        var clips = Clips(meta).Take(Clips48k).ToList();
        using var _ = inference_mode();
        using var input = preprocessor.Prepare(clips.Select(LaionWaveforms.Loaded).ToList(), runSeed: 1,
            clips.Select(LaionWaveforms.Recorded).ToList());
        Assert.Equal(exp["longer"][..Clips48k].data<byte>().Select(b => b != 0),
            input.IsLonger.reshape(-1).data<bool>());
        if (preprocessor.IsFused) CheckFusedMels(input.Features, exp);
        else if (exp.TryGetValue("logmel", out var logmel))
        {
            int clip = meta.RootElement.GetProperty("intermediate_clips")[0].GetInt32();
            Assert.True(Report("logmel (dB)", input.Features[clip..(clip + 1)], logmel) < MelTolerance);
        }
        var audio = model.EncodeAudio(input.Features, input.IsLonger);
        Assert.True(Report("audio_embeds", audio.Embeds, exp["audio_embeds"][..Clips48k]) < AudioTolerance);
    }

    private void CheckFusedMels(Tensor features, Dictionary<string, Tensor> exp)
    {
        Assert.True(Report("mel_fusion_ch0_clip0 (dB)", features[0, 0], exp["mel_fusion_ch0_clip0"]) < MelTolerance);
        Assert.True(Report("mel_fusion_ch0_clip2 (dB)", features[2, 0], exp["mel_fusion_ch0_clip2"]) < MelTolerance);
        for (int c = 1; c < 4; c++) Assert.True(Fixtures.MaxAbsDiff(features[0, c], features[0, 0]) == 0);
    }

    [Fact]
    public void FusionMelOfTheLongClipMatchesTorchaudio()
    {
        using var scope = NewDisposeScope();
        var exp = LaionFixtures.Expected("tiny_fused");
        using var meta = LaionFixtures.Json("tiny_fused", "meta.json");
        var clip = Clips(meta)[2];
        var mel = new LaionFusionMel().Compute(LaionWaveform.Quantize(LaionWaveforms.Loaded(clip)));
        Assert.Equal(clip.GetProperty("mel_total_frames").GetInt32(), (int)mel.shape[0]);
        Assert.True(Report("mel_full_clip2 (dB)", mel, exp["mel_full_clip2"]) < MelTolerance);
        var loud = exp["mel_full_clip2"].gt(-60);
        Assert.True(Report("mel_full_clip2 above -60 dB", mel.masked_select(loud),
            exp["mel_full_clip2"].masked_select(loud)) < 0.01);
        // The antialiased shrink of the reference's own full mel: the resize alone, without the mel's rounding.
        Assert.True(Report("shrink (antialias)", LaionFusionInput.Shrink(exp["mel_full_clip2"]),
            exp["mel_fusion_ch0_clip2"]) < 1e-3);
    }

    [Theory, MemberData(nameof(Sets))]
    public void WaveformsMatchTheRecordedHashes(string set)
    {
        using var meta = LaionFixtures.Json(set, "meta.json");
        foreach (var clip in Clips(meta).Take(Clips48k)
                     .Where(c => c.GetProperty("path").GetString() != "fusion_chunks"))
            LaionWaveforms.CheckAgainstMeta(LaionWaveforms.ModelInput(clip), clip);
    }

    [Fact]
    public void FusionChunkRangesAndTheCornerCase()
    {
        using var meta = LaionFixtures.Json("tiny_fused", "meta.json");
        var ranges = Clips(meta)[2].GetProperty("chunk_ranges").EnumerateArray()
            .Select(r => (r[0].GetInt32(), r[1].GetInt32())).ToArray();
        var (front, middle, back) = ClapFeatureExtractor.ChunkStartRanges(1121 - 1001 + 1);
        Assert.Equal(ranges, new[] { front, middle, back }.Select(p => (p.Start, p.Start + p.Count - 1)));
        // 480300 samples: 1001 frames, four copies of the whole mel, not longer (data row 0 of the fixtures).
        var clip = new float[480_300];
        for (int i = 0; i < clip.Length; i++) clip[i] = MathF.Sin(i * 0.01f) * 0.3f;
        using var preprocessor = LaionPreprocessor.Fused();
        using var input = preprocessor.Prepare([clip], runSeed: 3);
        Assert.False(input.IsLonger.reshape(-1).data<bool>()[0]);
        Assert.Null(input.Draws[0].ChunkStarts);
    }

    [Theory, MemberData(nameof(Sets))]
    public void ResampledClipsFromTheStoredLoaderOutput(string set)
    {
        using var scope = NewDisposeScope();
        var (model, preprocessor) = LaionCheckpoint.LoadWithPreprocessor(LaionFixtures.Pt(set),
            new CheckpointLoadOptions { AllowPickle = true });
        using var _m = model;
        using var _p = preprocessor;
        var exp = LaionFixtures.Expected(set);
        var stored = SafetensorsIO.Load(Path.Combine(LaionFixtures.Root, "clips", "loader_expected.safetensors"));
        using var _ = inference_mode();
        using var meta = LaionFixtures.Json(set, "meta.json");
        foreach (int clip in new[] { 4, 5 })
        {
            var key = "loaded_int16_" + Clips(meta)[clip].GetProperty("name").GetString();
            // Already quantized: m / 32767 in float32, as int16_to_float32 leaves it.
            var quantized = stored[key].to(ScalarType.Float64).div(32767.0).to(ScalarType.Float32)
                .data<float>().ToArray();
            var window = LaionWaveform.RepeatPad(quantized);
            var features = preprocessor.IsFused
                ? LaionFusionInput.Build(new LaionFusionMel(), quantized, new Random(0)).Channels.unsqueeze(0)
                : preprocessor.UnfusedLogmel(window).unsqueeze(0);
            var embeds = model.EncodeAudio(features, tensor(new[] { false }).unsqueeze(1)).Embeds;
            Assert.True(Report($"audio_embeds clip {clip}", embeds, exp["audio_embeds"][clip..(clip + 1)])
                        < AudioTolerance);
        }
    }

    [Fact]
    public void DrawsArePerClipNotPerBatchAndReplay()
    {
        using var meta = LaionFixtures.Json("tiny_unfused", "meta.json");
        var clips = Clips(meta).Take(Clips48k).Select(LaionWaveforms.Loaded).ToList();
        using var frontEnd = LaionWaveforms.FrontEnd("tiny_unfused");
        using var preprocessor = LaionPreprocessor.Unfused(LaionFrontEnd.Synthesized());
        using var batch = preprocessor.Prepare(clips, runSeed: 7);
        using var alone = preprocessor.Prepare([clips[2]], runSeed: 7);
        Assert.Equal(batch.Draws[2], alone.Draws[0]);
        Assert.Equal(0, Fixtures.MaxAbsDiff(batch.Features[2], alone.Features[0]));
        int offset = batch.Draws[2].CropOffset!.Value;
        Assert.InRange(offset, 0, clips[2].Length - LaionWaveform.ClipSamples);
        Assert.Null(batch.Draws[0].CropOffset);
        using var other = preprocessor.Prepare([clips[2]], runSeed: 8);
        Assert.NotEqual(offset, other.Draws[0].CropOffset);
        using var replayed = preprocessor.Prepare([clips[2]], runSeed: 8, [batch.Draws[2]]);
        Assert.Equal(0, Fixtures.MaxAbsDiff(batch.Features[2], replayed.Features[0]));
    }

    [Fact]
    public void SynthesizedFrontEndMatchesTheCheckpointKernels()
    {
        using var fromPt = LaionWaveforms.FrontEnd("tiny_unfused");
        using var built = LaionFrontEnd.Synthesized();
        var a = fromPt.state_dict();
        var b = built.state_dict();
        foreach (var key in a.Keys.Where(k => !k.StartsWith("bn0.", StringComparison.Ordinal)))
            Assert.True(Report(key, b[key], a[key]) < 1e-6);
    }
}
