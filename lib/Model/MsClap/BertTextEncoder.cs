using HumanClap.Model.Text;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace HumanClap.Model.MsClap;

/// <summary>What <see cref="BertTextEncoder"/> computes.</summary>
/// <param name="LastHiddenState">(B, L, hidden): the last layer's output.</param>
/// <param name="HiddenStates">When asked for, HF's <c>hidden_states</c>: [0] = embeddings after their LayerNorm,
/// [k] = output of layer k-1.</param>
internal sealed record BertEncoderOutput(Tensor LastHiddenState, IReadOnlyList<Tensor>? HiddenStates)
{
    /// <summary>The [CLS] state (position 0), msclap 2022's projection input (not BERT's tanh pooler).</summary>
    public Tensor ClsState => LastHiddenState[.., 0];
}

/// <summary>BERT embeddings (<c>embeddings</c>): word + token type + absolute position (0..L-1, from the stored
/// <c>position_ids</c> buffer), LayerNorm. Unlike RoBERTa's, positions do not skip padding.</summary>
internal sealed class BertEmbeddings : nn.Module
{
    private readonly Embedding word_embeddings, position_embeddings, token_type_embeddings;
    [ComponentName(Name = "LayerNorm")] private readonly LayerNorm layer_norm;
    // Persistent in the transformers version msclap's 2022 checkpoint was saved with, so it is a key of the file.
    private readonly Tensor position_ids;

    public BertEmbeddings(ClapTextConfig cfg) : base("BertEmbeddings")
    {
        word_embeddings = nn.Embedding(cfg.VocabSize, cfg.HiddenSize, padding_idx: cfg.PadTokenId);
        position_embeddings = nn.Embedding(cfg.MaxPositionEmbeddings, cfg.HiddenSize);
        token_type_embeddings = nn.Embedding(cfg.TypeVocabSize, cfg.HiddenSize);
        layer_norm = nn.LayerNorm(cfg.HiddenSize, cfg.LayerNormEps);
        position_ids = arange(cfg.MaxPositionEmbeddings, ScalarType.Int64).unsqueeze(0);
        RegisterComponents();
    }

    public long MaxPositions => position_ids.shape[1];

    public Tensor forward(Tensor inputIds, Tensor tokenTypeIds)
    {
        using var scope = NewDisposeScope();
        long len = inputIds.shape[1];
        var positions = position_ids[.., ..(int)len];
        // Same addition order as HF (words + types, then + positions): float sums are not associative.
        var e = word_embeddings.forward(inputIds).add(token_type_embeddings.forward(tokenTypeIds))
            .add(position_embeddings.forward(positions));
        return layer_norm.forward(e).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// msclap 2022's text encoder (<c>caption_encoder.base</c>): transformers' BertModel (bert-base-uncased shape).
/// The encoder layers are the RoBERTa ones (same maths: post-LN attention, erf GELU, LayerNorm eps 1e-12); only the
/// embeddings differ. <c>pooler</c> is loaded because the checkpoint holds it, but msclap pools the [CLS] state.
/// </summary>
internal sealed class BertTextEncoder : nn.Module
{
    private readonly BertEmbeddings embeddings;
    private readonly RobertaEncoder encoder;
    private readonly RobertaPooler pooler;

    public BertTextEncoder(ClapTextConfig cfg) : base("BertTextEncoder")
    {
        embeddings = new BertEmbeddings(cfg);
        encoder = new RobertaEncoder(cfg);
        pooler = new RobertaPooler(cfg.HiddenSize);
        RegisterComponents();
    }

    /// <summary>BertConfig values of bert-base-uncased (msclap's <c>text_model</c>); the sizes default to it.</summary>
    public static ClapTextConfig BertUncasedConfig(int hidden = 768, int layers = 12, int heads = 12,
        int intermediate = 3072) => new()
        {
            VocabSize = 30522, HiddenSize = hidden, NumHiddenLayers = layers, NumAttentionHeads = heads,
            IntermediateSize = intermediate, MaxPositionEmbeddings = 512, TypeVocabSize = 2, LayerNormEps = 1e-12,
            PadTokenId = 0, HiddenAct = "gelu",
        };

    /// <param name="inputIds">(B, L) int64, at most 512 positions.</param>
    /// <param name="attentionMask">(B, L) 1 for tokens, 0 for padding.</param>
    /// <param name="tokenTypeIds">(B, L) segment ids (msclap: all zeros).</param>
    /// <param name="keepHiddenStates">Also return the embeddings and every layer's output.</param>
    public BertEncoderOutput forward(Tensor inputIds, Tensor attentionMask, Tensor tokenTypeIds,
        bool keepHiddenStates = false)
    {
        if (inputIds.shape[1] > embeddings.MaxPositions)
            throw new ArgumentException($"token sequence of length {inputIds.shape[1]} is longer than BERT's " +
                                        $"{embeddings.MaxPositions} positions");
        using var scope = NewDisposeScope();
        var x = embeddings.forward(inputIds, tokenTypeIds);
        var hidden = keepHiddenStates ? new List<Tensor> { x } : null;
        var last = encoder.forward(x, RobertaSelfAttention.AdditiveMask(attentionMask, x.dtype), hidden);
        // The last hidden state is also hidden[^1]: move each tensor out exactly once.
        if (hidden is null) last.MoveToOuterDisposeScope();
        else hidden.ForEach(h => h.MoveToOuterDisposeScope());
        return new BertEncoderOutput(last, hidden);
    }
}
