using HumanClap.Audio;
using HumanClap.Model;
using HumanClap.Text;
using static TorchSharp.torch;

namespace HumanClap.Scoring;

/// <summary>Hugging Face CLAP (LAION checkpoints): mono audio at the extractor's rate, log-mel features (rand_trunc or
/// fusion), RoBERTa BPE padded to the longest text of a batch; the model's normalised embeddings.</summary>
public sealed class HfClapEmbedder(ClapModel model, ClapFeatureExtractor extractor, ClapTokenizer tokenizer,
    ScorerOptions options) : IAudioTextEmbedder
{
    private readonly Device _device = options.Device ?? CPU;

    public ClapModel Model { get; } = model;
    public ClapFeatureExtractor Extractor { get; } = extractor;
    public ClapTokenizer Tokenizer { get; } = tokenizer;

    public string Family => "HF CLAP";
    public int SampleRate => Extractor.Config.SamplingRate;
    public int EmbeddingSize => Model.Config.ProjectionDim;

    public AudioLoadOptions LoadOptions => new()
    {
        TargetSampleRate = SampleRate,
        QuantizeToInt16 = options.QuantizeToInt16,
        MaxSeconds = options.MaxAudioSeconds,
        Resampler = options.Resampler,
    };

    public string AudioSettings => $"{Family}; {LoadOptions}; {Extractor.Config}; seed {options.Seed}";
    public string TextSettings => $"{Family}; max tokens {ClapTokenizer.DefaultMaxLength}; padding longest";

    public float[] LoadAudio(string path) => AudioLoader.Load(path, LoadOptions);

    public Tensor EmbedAudio(IReadOnlyList<float[]> waveforms)
    {
        using var scope = NewDisposeScope();
        using var _ = inference_mode();
        using var features = Extractor.Extract(waveforms, options.Seed);
        var embeds = Model.EncodeAudio(features.InputFeatures.to(_device), features.IsLonger.to(_device)).Embeds;
        return embeds.to(ScalarType.Float32).cpu().MoveToOuterDisposeScope();
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

    public void Dispose() => Model.Dispose();
}
