using TorchSharp.Modules;
using static TorchSharp.torch;
using HumanClap.Common;

namespace HumanClap.Model.MsClap;

/// <summary>An audio encoder's pre-projection embedding (B, out_emb) and clip-wise tags (B, classes).</summary>
internal sealed record MsClapAudioFeatures(Tensor Embedding, Tensor ClipwiseOutput);

/// <summary>msclap's <c>AudioEncoder</c> (<c>audio_encoder</c>): <c>base</c> (HTSAT wrapper or Cnn14, waveform in)
/// and <c>projection</c>.</summary>
internal sealed class MsClapAudioEncoder : nn.Module
{
    private readonly nn.Module @base;
    private readonly MsClapProjection projection;
    private readonly Func<Tensor, MsClapAudioFeatures> _encode;

    /// <param name="encoder">The base module, registered as <c>base</c>.</param>
    /// <param name="encode">Waveform (B, T) → features through <paramref name="encoder"/>.</param>
    public MsClapAudioEncoder(nn.Module encoder, Func<Tensor, MsClapAudioFeatures> encode, int outEmb, int dProj)
        : base("MsClapAudioEncoder")
    {
        @base = encoder;
        projection = new MsClapProjection(outEmb, dProj);
        _encode = encode;
        RegisterComponents();
    }

    public nn.Module Base => @base;
    public MsClapProjection Projection => projection;

    /// <returns>features and the projected (not normalised) embedding.</returns>
    public (MsClapAudioFeatures Features, Tensor Projected) forward(Tensor waveform)
    {
        var features = _encode(waveform);
        return (features, projection.forward(features.Embedding));
    }
}

/// <summary>msclap's <c>TextEncoder</c> (<c>caption_encoder</c>): <c>base</c> (GPT-2 or BERT) and
/// <c>projection</c> of the pooled hidden state (GPT-2: position count(ids ≠ 0) − 1; BERT: [CLS]).</summary>
internal sealed class MsClapTextEncoder : nn.Module
{
    private readonly nn.Module @base;
    private readonly MsClapProjection projection;
    private readonly Func<Tensor, Tensor, Tensor> _pooled;

    /// <param name="encoder">The base module, registered as <c>base</c>.</param>
    /// <param name="pooled">(ids, mask) → (B, width) pooled hidden state through <paramref name="encoder"/>.</param>
    public MsClapTextEncoder(nn.Module encoder, Func<Tensor, Tensor, Tensor> pooled, int width, int dProj)
        : base("MsClapTextEncoder")
    {
        @base = encoder;
        projection = new MsClapProjection(width, dProj);
        _pooled = pooled;
        RegisterComponents();
    }

    public nn.Module Base => @base;
    public MsClapProjection Projection => projection;

    /// <returns>the pooled hidden state and its projection (not normalised).</returns>
    public (Tensor Pooled, Tensor Projected) forward(Tensor inputIds, Tensor attentionMask)
    {
        var pooled = _pooled(inputIds, attentionMask);
        return (pooled, projection.forward(pooled));
    }
}

/// <summary>
/// msclap's <c>CLAP</c> with field names equal to its state-dict keys (<c>audio_encoder.*</c>,
/// <c>caption_encoder.*</c>, <c>logit_scale</c>). 2023: HTSAT + GPT-2; 2022: Cnn14 + BERT (uncased).
/// <see cref="EmbedAudio"/> and
/// <see cref="EmbedText"/> return what msclap's <c>get_audio_embeddings</c> / <c>get_text_embeddings</c> return
/// (projected, not normalised); <see cref="Similarity"/> is its <c>compute_similarity</c>.
/// </summary>
public sealed class MsClapModel : nn.Module
{
    private readonly MsClapAudioEncoder audio_encoder;
    private readonly MsClapTextEncoder caption_encoder;
    private readonly Parameter logit_scale;

    public MsClapConfig Config { get; }

    public MsClapModel(MsClapConfig config) : base("MsClapModel")
    {
        config.Validate();
        Config = config;
        (audio_encoder, caption_encoder) = config.Is2023 ? Build2023(config) : Build2022(config);
        logit_scale = nn.Parameter(tensor((float)config.LogitScale));
        RegisterComponents();
    }

    private static (MsClapAudioEncoder, MsClapTextEncoder) Build2023(MsClapConfig config)
    {
        var htsat = new MsClapHtsat(config.Htsat!, config.YamlEffective.MelBins);
        if (htsat.NumFeatures != config.YamlEffective.OutEmb)
            throw new UserInputException(
                $"yaml_effective.out_emb is {config.YamlEffective.OutEmb} but HTSAT produces " +
                $"{htsat.NumFeatures} features");
        var audio = new MsClapAudioEncoder(new MsClapHtsatWrapper(htsat), w =>
        {
            var o = htsat.forward(w);
            return new MsClapAudioFeatures(o.Embedding, o.ClipwiseOutput);
        }, config.YamlEffective.OutEmb, config.DProj);
        var gpt2 = new Gpt2TextEncoder(config.TextModel);
        var text = new MsClapTextEncoder(gpt2, (ids, mask) =>
        {
            using var scope = NewDisposeScope();
            var last = gpt2.forward(ids, mask).LastHiddenState;
            var index = Gpt2TextEncoder.PooledIndex(ids);
            return last[arange(ids.shape[0], device: ids.device), index].MoveToOuterDisposeScope();
        }, config.TextModel.Width, config.DProj);
        return (audio, text);
    }

    private static (MsClapAudioEncoder, MsClapTextEncoder) Build2022(MsClapConfig config)
    {
        var c = config.Cnn14!;
        if (c.Fc1[0] != c.Channels[5] || c.Fc1[1] != config.YamlEffective.OutEmb)
            throw new UserInputException($"cnn14.fc1 [{c.Fc1[0]}, {c.Fc1[1]}] must be [last channel width " +
                                           $"{c.Channels[5]}, yaml_effective.out_emb {config.YamlEffective.OutEmb}]");
        var cnn14 = new Cnn14Encoder(c.Channels, c.Fc1[1], c.ClassesNum);
        var frontEnd = new TorchLibrosaFrontEnd(config.YamlEffective.MelBins);
        cnn14.AttachFrontEnd(frontEnd.forward, frontEnd.StateDictChildren);
        var audio = new MsClapAudioEncoder(cnn14, w =>
        {
            var o = cnn14.forward(w);
            o.Pooled.Dispose();
            return new MsClapAudioFeatures(o.Embedding, o.ClipwiseOutput);
        }, config.YamlEffective.OutEmb, config.DProj);
        var t = config.TextModel;
        var bert = new BertTextEncoder(BertTextEncoder.BertUncasedConfig(t.HiddenSize!.Value, t.NumHiddenLayers!.Value,
            t.NumAttentionHeads!.Value, t.IntermediateSize!.Value) with
        {
            VocabSize = t.VocabSize, MaxPositionEmbeddings = t.MaxPositionEmbeddings!.Value,
            TypeVocabSize = t.TypeVocabSize, LayerNormEps = t.LayerNormEps, PadTokenId = t.PadTokenId,
        });
        // msclap pools the [CLS] state (not BERT's tanh pooler); single texts have segment ids 0.
        var text = new MsClapTextEncoder(bert, (ids, mask) =>
        {
            using var scope = NewDisposeScope();
            var last = bert.forward(ids, mask, zeros_like(ids)).LastHiddenState;
            return last[.., 0].MoveToOuterDisposeScope();
        }, t.Width, config.DProj);
        return (audio, text);
    }

    internal MsClapAudioEncoder AudioEncoder => audio_encoder;
    internal MsClapTextEncoder CaptionEncoder => caption_encoder;
    public Parameter LogitScale => logit_scale;

    /// <summary>msclap 2023's HTSAT, for stage-by-stage use.</summary>
    internal MsClapHtsat Htsat => ((MsClapHtsatWrapper)audio_encoder.Base).Htsat;

    /// <summary>msclap 2023's GPT-2, for stage-by-stage use.</summary>
    internal Gpt2TextEncoder Gpt2 => (Gpt2TextEncoder)caption_encoder.Base;

    /// <summary>msclap 2022's Cnn14 (with the front end attached).</summary>
    internal Cnn14Encoder Cnn14 => (Cnn14Encoder)audio_encoder.Base;

    /// <summary>msclap 2022's BERT.</summary>
    internal BertTextEncoder Bert => (BertTextEncoder)caption_encoder.Base;

    /// <param name="waveform">(B, clip samples) at 44.1 kHz, prepared as msclap does.</param>
    /// <returns>(B, d_proj) projected audio embeddings, not normalised.</returns>
    public Tensor EmbedAudio(Tensor waveform)
    {
        using var scope = NewDisposeScope();
        return audio_encoder.forward(waveform).Projected.MoveToOuterDisposeScope();
    }

    /// <returns>(B, d_proj) projected text embeddings, not normalised.</returns>
    public Tensor EmbedText(Tensor inputIds, Tensor attentionMask)
    {
        using var scope = NewDisposeScope();
        return caption_encoder.forward(inputIds, attentionMask).Projected.MoveToOuterDisposeScope();
    }

    /// <summary>msclap's compute_similarity: exp(logit_scale) · cos, as (audio, text).</summary>
    public Tensor Similarity(Tensor audioEmbeds, Tensor textEmbeds)
    {
        using var scope = NewDisposeScope();
        var a = nn.functional.normalize(audioEmbeds, dim: -1);
        var t = nn.functional.normalize(textEmbeds, dim: -1);
        return a.matmul(t.t()).mul(logit_scale.exp()).MoveToOuterDisposeScope();
    }
}
