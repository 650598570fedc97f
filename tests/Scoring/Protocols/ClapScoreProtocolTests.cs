using System.Text.Json.Nodes;
using HumanClap.Audio;
using HumanClap.Audio.Laion;
using HumanClap.Model.Laion;
using HumanClap.Common;
using HumanClap.Scoring;
using HumanClap.Scoring.Protocols;
using HumanClap.Tests.Support;
using static TorchSharp.torch;

namespace HumanClap.Tests.Scoring.Protocols;

/// <summary>The toolkit protocols: each preset says what the research manifest read from the toolkit's code, and
/// scoring by a preset equals the same steps composed by hand from lower-level pieces.</summary>
public sealed class ClapScoreProtocolTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("protocols-").FullName;
    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private string Clip(string name) => name switch
    {
        // The fixture's clips at other rates are not copied into tests/ (their reference loader is soxr): written here.
        "tone_22k05_2p5s" => Written(name, 22_050, 2.5, i => 0.4f * MathF.Sin(2 * MathF.PI * 440 * i / 22_050f)),
        "click_32k_0p3s" => Written(name, 32_000, 0.3, i => i % 3_200 == 0 ? 0.9f : 0.01f),
        "chirp_48k_1p5s" => Written(name, 48_000, 1.5, i => 0.4f * MathF.Sin(i * (0.01f + i * 2e-7f))),
        _ => Path.Combine(LaionFixtures.Root, "clips", name + ".wav"),
    };

    private string Written(string name, int rate, double seconds, Func<int, float> sample)
    {
        var path = Path.Combine(_temp, name + ".wav");
        if (!File.Exists(path))
            AudioWriter.WriteWav16(path, Enumerable.Range(0, (int)(rate * seconds)).Select(sample).ToArray(), rate);
        return path;
    }

    [Fact]
    public void EveryPresetSaysWhatTheResearchManifestRead()
    {
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(Fixtures.RepoRoot, "data-manifests", "protocols",
            "clapscore-protocols.json")))!.AsArray();
        foreach (var p in ClapScoreProtocols.All)
        {
            var entry = manifest.Single(e => (string)e!["name"]! == p.Name)!;
            Assert.Equal((string)entry["checkpoint"]!, p.Checkpoint);
            Assert.Equal((bool)entry["enable_fusion"]!, p.Fusion);
            Assert.Equal((bool)entry["int16_quantisation"]!, p.Clips.Quantize);
            Assert.Equal((string)entry["normalisation"]! switch
            {
                "peak" => LevelNormalisation.PeakMinus1Db, "dc-removal" => LevelNormalisation.RemoveDc,
                _ => LevelNormalisation.None,
            }, p.Level);
            Assert.Equal(((string)entry["mono"]!).StartsWith("first channel") ? ChannelDownmix.FirstChannel
                : ChannelDownmix.Mean, p.Downmix);
            Assert.Contains(((string)entry["source"]!["commit"]!)[..7], p.Source);
            Assert.StartsWith((string)entry["source"]!["repository"]!, p.Source);
            Assert.NotEmpty(p.Deviations);
        }
        Assert.Equal(ClapScoreProtocols.All.Count, ClapScoreProtocols.Names.Distinct().Count());
    }

    [Fact]
    public void AnUnknownNameListsTheKnownOnes()
    {
        var e = Assert.Throws<UserInputException>(() => ClapScoreProtocols.Find("tango3"));
        Assert.Contains("tango3", e.Message);
        Assert.Contains("stable-audio-metrics", e.Message);
        Assert.Same(ClapScoreProtocols.Tango2, ClapScoreProtocols.Find("TANGO2"));
    }

    [Fact]
    public void ReportedMeansRoundAsTheToolkitPrints()
    {
        Assert.Equal("0.31", ClapScoreProtocols.Tango2.Reported(0.3149));
        Assert.Equal(0.25, ClapScoreProtocols.Tango2.Aggregate([0.5, -0.25, 0.5]), 12);
        Assert.Equal("0.3149", ClapScoreProtocols.StableAudioMetrics.Reported(0.31494));
    }

    [Fact]
    public void LoaderStepsDoWhatTheToolkitsDo()
    {
        var stereo = Path.Combine(_temp, "stereo.wav");
        var frames = Enumerable.Range(0, 4800).SelectMany(i => new[] { 0.2f + 0.1f * MathF.Sin(i * 0.01f), -0.5f })
            .ToArray();
        AudioWriter.Write(stereo, frames, 48_000, 2, WavSampleFormat.Float32);
        var first = AudioLoader.Load(stereo, new AudioLoadOptions { Downmix = ChannelDownmix.FirstChannel });
        Assert.Equal(frames.Where((_, i) => i % 2 == 0), first);

        var peak = AudioLoader.Load(stereo, new AudioLoadOptions { Level = LevelNormalisation.PeakMinus1Db });
        Assert.Equal(Math.Pow(10, -1.0 / 20), peak.Max(x => Math.Abs(x)), 6);
        var dc = AudioLoader.Load(stereo, new AudioLoadOptions
        {
            Downmix = ChannelDownmix.FirstChannel, Level = LevelNormalisation.RemoveDc,
        });
        Assert.Equal(0, dc.Average(x => (double)x), 6);
        for (int i = 0; i < dc.Length; i++) Assert.Equal(first[i] - first.Average(), dc[i], 5);

        var silent = Path.Combine(_temp, "silent.wav");
        AudioWriter.WriteWavFloat(silent, new float[4800], 48_000);
        var e = Assert.Throws<AudioLoadException>(() =>
            AudioLoader.Load(silent, new AudioLoadOptions { Level = LevelNormalisation.PeakMinus1Db }));
        Assert.Contains("silent.wav", e.Message);
    }

    /// <summary>audioldm_eval resamples every file to 32 kHz and back up to 48 kHz, a 48 kHz file too (its
    /// 16 kHz low-pass is part of the protocol).</summary>
    [Theory]
    [InlineData("tone_22k05_2p5s", 22_050)]
    [InlineData("chirp_48k_1p5s", 48_000)]
    public void TorchaudioThroughAnIntermediateRateIsTwoResamplings(string clip, int rate)
    {
        var path = Clip(clip);
        var loaded = AudioLoader.Load(path, new AudioLoadOptions
        {
            Resampler = ResamplerKind.Torchaudio, IntermediateRate = 32_000,
        });
        var raw = AudioLoader.Load(path, new AudioLoadOptions { TargetSampleRate = rate });
        using var via = TorchaudioResampler.Resample(tensor(raw), rate, 32_000);
        using var expected = TorchaudioResampler.Resample(via, 32_000, 48_000);
        Assert.Equal(expected.data<float>().ToArray(), loaded);
    }

    [Fact]
    public void HeadCropAndZeroPadRules()
    {
        var rules = new LaionClipRules
        {
            LongClips = LongClipRule.HeadCrop, ShortClips = ShortClipRule.ZeroPadToOneSecond,
        };
        var longClip = Enumerable.Range(0, 500_000).Select(i => (float)i).ToArray();
        var (window, offset) = LaionWaveform.ForUnfused(longClip, new Random(1), rules: rules);
        Assert.Equal(0, offset);
        Assert.Equal(longClip.Take(LaionWaveform.ClipSamples), window);

        var (shortWindow, none) = LaionWaveform.ForUnfused(new float[] { 1, 2, 3 }, new Random(1), rules: rules);
        Assert.Null(none);
        Assert.Equal(LaionWaveform.OneSecond, shortWindow.Length);
        Assert.Equal(new float[] { 1, 2, 3, 0 }, shortWindow.Take(4));
        var middle = new float[100_000];
        Assert.Equal(100_000, LaionWaveform.ForUnfused(middle, new Random(1), rules: rules).Window.Length);
        Assert.Throws<ArgumentException>(() => LaionPreprocessor.Fused().UseRules(rules));
    }

    /// <summary>stable-audio-metrics on a fused model: the same as laion_clap's preprocessing of a clip the test
    /// peak-normalised and wrote itself (float WAV, so the loaded samples, and therefore the seeded draws, match).
    /// </summary>
    [Fact]
    public void StableAudioMetricsIsPeakNormalisationThenLaionClap()
    {
        var pt = LaionFixtures.CopyToTemp("tiny_fused", _temp);
        var names = new[] { "long_48k_11p2s", "speech_48k_3p3s", "stereo_48k_1p5s" };
        var normalised = names.Select(n =>
        {
            var x = AudioLoader.Load(Clip(n));
            AudioLoader.ApplyLevel(x, LevelNormalisation.PeakMinus1Db, n);
            var path = Path.Combine(_temp, n + "-peak.wav");
            AudioWriter.WriteWavFloat(path, x, 48_000);
            return path;
        }).ToList();
        var options = new ScorerOptions { AllowPickle = true, Seed = 3 };
        using var protocol = ClapScorer.FromPretrained(pt, ClapScoreProtocols.StableAudioMetrics.Apply(options));
        using var plain = ClapScorer.FromPretrained(pt, options with { LaionPreprocessing = true });
        var got = protocol.ScoreFiles(names.Select(n => (Clip(n), "a caption")).ToList(), batchSize: 3);
        var expected = plain.ScoreFiles(normalised.Select(p => (p, "a caption")).ToList(), batchSize: 3);
        for (int i = 0; i < names.Length; i++)
        {
            Assert.Equal(expected[i].Cosine!.Value, got[i].Cosine!.Value, 1e-6);
            Assert.Equal(expected[i].Draws, got[i].Draws);
        }
        Assert.NotNull(got[0].Draws!.ChunkStarts);
    }

    /// <summary>audioldm_eval on an unfused model: first channel, torchaudio via 32 kHz, mean removed, no int16, the
    /// first 10 s of a long clip and a short clip zero-padded to 1 s and stretched by HTSAT, composed here from the
    /// preprocessor's mel and the model's encoder; a batch of clips of different lengths scores as each alone.
    /// </summary>
    [Fact]
    public void AudioLdmEvalIsHeadCropWithoutQuantisation()
    {
        var pt = LaionFixtures.CopyToTemp("tiny_unfused", _temp);
        var names = new[] { "long_48k_11p2s", "click_32k_0p3s", "stereo_48k_1p5s" };
        using var scorer = ClapScorer.FromPretrained(pt,
            ClapScoreProtocols.AudioLdmEval.Apply(new ScorerOptions { AllowPickle = true }));
        var got = scorer.ScoreFiles(names.Select(n => (Clip(n), "a caption")).ToList(), batchSize: 3);
        var laion = ((HfClapEmbedder)scorer.Embedder).Laion!;
        using var text = tensor(scorer.EmbedText(["a caption"]));
        for (int i = 0; i < names.Length; i++)
        {
            var x = AudioLoader.Load(Clip(names[i]), new AudioLoadOptions
            {
                Downmix = ChannelDownmix.FirstChannel, Resampler = ResamplerKind.Torchaudio, IntermediateRate = 32_000,
            });
            double mean = x.Average(v => (double)v);
            var centred = x.Select(v => v - (float)mean).ToArray();
            var window = centred.Length > LaionWaveform.ClipSamples ? centred[..LaionWaveform.ClipSamples]
                : centred.Concat(new float[Math.Max(0, LaionWaveform.OneSecond - centred.Length)]).ToArray();
            using var scope = NewDisposeScope();
            using var _ = inference_mode();
            var mel = laion.UnfusedLogmel(window).unsqueeze(0);
            var audio = scorer.Model.EncodeAudio(mel, zeros(1, 1, dtype: ScalarType.Bool)).Embeds;
            double cos = nn.functional.cosine_similarity(audio, text, dim: 1).item<float>();
            Assert.Equal(cos, got[i].Cosine!.Value, 1e-5);
        }
        Assert.Equal(0, got[0].Draws!.CropOffset);
        var alone = scorer.ScoreFiles([(Clip(names[1]), "a caption")], batchSize: 1);
        Assert.Equal(alone[0].Cosine!.Value, got[1].Cosine!.Value, 1e-6);
    }

    [Fact]
    public void AProtocolRefusesACheckpointOfTheOtherKind()
    {
        var pt = LaionFixtures.CopyToTemp("tiny_unfused", _temp);
        var e = Assert.Throws<UserInputException>(() => ClapScorer.FromPretrained(pt,
            ClapScoreProtocols.StableAudioMetrics.Apply(new ScorerOptions { AllowPickle = true })));
        Assert.Contains("stable-audio-metrics", e.Message);
        Assert.Contains("unfused", e.Message);
    }
}
