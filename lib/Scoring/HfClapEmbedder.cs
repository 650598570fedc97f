using HumanClap.Audio;
using HumanClap.Audio.Laion;
using HumanClap.Model.Laion;
using HumanClap.Model;
using HumanClap.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace HumanClap.Scoring;

/// <summary>Hugging Face CLAP (LAION checkpoints): mono audio at the extractor's rate, log-mel features (rand_trunc or
/// fusion), RoBERTa BPE padded to the longest text of a batch; the model's normalised embeddings.</summary>
/// <remarks>With a <see cref="LaionPreprocessor"/> the clips go through laion_clap's preprocessing instead of the
/// extractor (the loader then leaves the int16 round trip to it).</remarks>
internal sealed class HfClapEmbedder(ClapModel model, ClapFeatureExtractor extractor, ClapTokenizer tokenizer,
    ScorerOptions options, LaionPreprocessor? laion = null) : IAudioTextEmbedder
{
    private readonly Device _device = options.Device ?? CPU;

    public ClapModel Model { get; } = OnDevice(model, options.Device ?? CPU);
    public ClapFeatureExtractor Extractor { get; } = extractor;
    public ClapTokenizer Tokenizer { get; } = tokenizer;
    public LaionPreprocessor? Laion { get; } = laion;

    private static ClapModel OnDevice(ClapModel model, Device device)
    {
        model.to(device);
        model.eval();
        return model;
    }

    public string Family => "HF CLAP";
    public int SampleRate => Extractor.Config.SamplingRate;
    public int EmbeddingSize => Model.Config.ProjectionDim;

    public AudioLoadOptions LoadOptions => new()
    {
        TargetSampleRate = SampleRate,
        QuantizeToInt16 = options.QuantizeToInt16 && Laion is null,
        MaxSeconds = options.MaxAudioSeconds,
        Resampler = options.Resampler,
        IntermediateRate = options.Protocol?.IntermediateRate,
        Downmix = options.Protocol?.Downmix ?? ChannelDownmix.Mean,
        Level = options.Protocol?.Level ?? LevelNormalisation.None,
    };

    public string AudioSettings => Laion is null
        ? $"{Family}; {LoadOptions}; {Extractor.Config}; seed {options.Seed}"
        : $"{Family}; {LoadOptions}; {Laion}; seed {options.Seed}";

    /// <summary>The draws LAION preprocessing makes for a loaded clip (none without it).</summary>
    public LaionClipDraws DrawsFor(float[] loaded) => Laion?.DrawsFor(loaded, options.Seed) ?? LaionClipDraws.None;
    public string TextSettings => $"{Family}; max tokens {ClapTokenizer.DefaultMaxLength}; padding longest";

    public float[] LoadAudio(string path) => AudioLoader.Load(path, LoadOptions);

    public Tensor EmbedAudio(IReadOnlyList<float[]> waveforms)
    {
        // Clips kept at their own length (an evaluation toolkit's rule) cannot share a batch tensor.
        if (Laion?.Rules.VariableLength == true && waveforms.Count > 1)
        {
            using var clips = NewDisposeScope();
            return cat(waveforms.Select(w => EmbedAudio([w])).ToArray()).MoveToOuterDisposeScope();
        }
        using var scope = NewDisposeScope();
        using var _ = inference_mode();
        var (input, longer) = Features(waveforms);
        var embeds = Model.EncodeAudio(input.to(_device), longer.to(_device)).Embeds;
        return embeds.to(ScalarType.Float32).cpu().MoveToOuterDisposeScope();
    }

    private (Tensor Features, Tensor IsLonger) Features(IReadOnlyList<float[]> waveforms)
    {
        if (Laion is null)
        {
            var f = Extractor.Extract(waveforms, options.Seed);
            return (f.InputFeatures, f.IsLonger);
        }
        var l = Laion.Prepare(waveforms, options.Seed);
        return (l.Features, l.IsLonger);
    }

    /// <remarks>Padding to the longest text of the batch gives the same embeddings as padding to 77 (README).</remarks>
    public Tensor EmbedTexts(IReadOnlyList<string> texts)
    {
        using var scope = NewDisposeScope();
        using var _ = inference_mode();
        using var tokens = Tokenizer.Encode(texts, TextPadding.Longest);
        var embeds = Model.EncodeText(tokens.InputIds.to(_device), tokens.AttentionMask.to(_device)).Embeds;
        return embeds.to(ScalarType.Float32).cpu().MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        Model.Dispose();
        Laion?.Dispose();
    }
}
