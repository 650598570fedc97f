using HumanClap.Audio;
using HumanClap.Model.MsClap;
using HumanClap.Text;
using TorchSharp;
using static TorchSharp.torch;
using HumanClap.Common;

namespace HumanClap.Scoring;

/// <summary>
/// Microsoft CLAP (msclap 2022 / 2023): audio prepared as msclap does (<see cref="MsClapAudio"/>: 44.1 kHz,
/// channels joined, repeat-padded or cropped to 5 s / 7 s with HumanClap's seeded crop), texts tokenized as msclap
/// does (GPT-2 for 2023, BERT uncased for 2022; a caption longer than text_len is embedded alone rather than
/// failing its batch); msclap's projections normalised here, as its compute_similarity does.
/// </summary>
internal sealed class MsClapEmbedder : IAudioTextEmbedder
{
    /// <summary>bert-base-uncased's vocabulary, needed beside a 2022 checkpoint (msclap downloads it from the
    /// Hub).</summary>
    public const string BertVocabFile = "vocab.txt";

    private readonly Func<IReadOnlyList<string>, IReadOnlyList<TokenBatchGroup>> _tokenize;
    private readonly ScorerOptions _options;
    private readonly Device _device;

    public MsClapEmbedder(MsClapModel model, Func<IReadOnlyList<string>, IReadOnlyList<TokenBatchGroup>> tokenize,
        ScorerOptions options)
    {
        Model = model;
        _tokenize = tokenize;
        _options = options;
        _device = options.Device ?? CPU;
        Model.to(_device);
        Model.eval();
    }

    public MsClapModel Model { get; }
    public string Family => $"MS CLAP {Model.Config.Version}";
    public int SampleRate => MsClapAudio.SampleRate;
    public int EmbeddingSize => Model.Config.DProj;

    public string AudioSettings =>
        $"{Family}; rate {SampleRate}; clip samples {Model.Config.ClipSamples}; crop seed {_options.Seed}; " +
        $"max seconds {_options.MaxAudioSeconds}; mean over windows {_options.MsClapMeanOverWindows}";
    public string TextSettings => $"{Family}; text_len {Model.Config.YamlEffective.TextLen}";

    /// <summary>Loads an MS CLAP checkpoint (folder or CLAP_weights_*.pth) and the tokenizer its version
    /// uses.</summary>
    public static MsClapEmbedder FromPretrained(string path, ScorerOptions options)
    {
        var model = MsClapCheckpoint.Load(path, options.CheckpointLoad);
        return Families.Handover.To(() => new MsClapEmbedder(model, Tokenizer(path, model.Config), options), model);
    }

    private static Func<IReadOnlyList<string>, IReadOnlyList<TokenBatchGroup>> Tokenizer(string path,
        MsClapConfig config)
    {
        int textLength = config.YamlEffective.TextLen;
        if (config.Is2023) return new MsClapGpt2Tokenizer(textLength).Batch;
        var dir = Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetFullPath(path))!;
        var vocab = Path.Combine(dir, BertVocabFile);
        if (!File.Exists(vocab))
            throw new MissingFileException(
                $"MS CLAP 2022 needs bert-base-uncased's {BertVocabFile} beside the checkpoint " +
                                            $"({vocab}); see data-manifests/checkpoints/msclap-2022.json", vocab);
        var bert = BertWordPieceTokenizer.FromVocabulary(vocab);
        return texts => bert.EncodeAsMsClap(texts, textLength);
    }

    /// <returns>The clip msclap's model takes (T samples), or with <see cref="ScorerOptions.MsClapMeanOverWindows"/>
    /// the whole joined 44.1 kHz signal, cut into windows by <see cref="EmbedAudio"/>.</returns>
    public float[] LoadAudio(string path)
    {
        if (!_options.MsClapMeanOverWindows)
        {
            using var clip = MsClapAudio.Load(path, Model.Config.ClipSamples,
                new MsClapAudio.Crop(Seed: _options.Seed), _options.MaxAudioSeconds);
            return clip.data<float>().ToArray();
        }
        var audio = AudioLoader.LoadChannels(path, _options.MaxAudioSeconds);
        using var joined = MsClapAudio.Join(audio);
        return joined.data<float>().ToArray();
    }

    public Tensor EmbedAudio(IReadOnlyList<float[]> waveforms)
    {
        using var scope = NewDisposeScope();
        using var _ = inference_mode();
        if (!_options.MsClapMeanOverWindows)
        {
            var batch = stack(waveforms.Select(w => tensor(w)).ToArray()).to(_device);
            return Unit(Model.EmbedAudio(batch)).MoveToOuterDisposeScope();
        }
        // Mean of the windows' unit embeddings, renormalised: every part of the clip counts equally.
        var means = waveforms.Select(w =>
        {
            var windows = MsClapAudio.Windows(tensor(w), Model.Config.ClipSamples).to(_device);
            return Unit(Model.EmbedAudio(windows)).mean(new long[] { 0 });
        }).ToArray();
        return nn.functional.normalize(stack(means), dim: -1).MoveToOuterDisposeScope();
    }

    public Tensor EmbedTexts(IReadOnlyList<string> texts)
    {
        using var scope = NewDisposeScope();
        using var _ = inference_mode();
        var result = zeros(texts.Count, EmbeddingSize);
        foreach (var group in _tokenize(texts))
        {
            using var tokens = group.Batch;
            var embeds = Model.EmbedText(tokens.InputIds.to(_device), tokens.AttentionMask.to(_device));
            result.index_copy_(0, tensor(group.Rows.Select(r => (long)r).ToArray()), Unit(embeds));
        }
        return result.MoveToOuterDisposeScope();
    }

    private static Tensor Unit(Tensor projected) =>
        nn.functional.normalize(projected, dim: -1).to(ScalarType.Float32).cpu();

    public void Dispose() => Model.Dispose();
}
