using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HumanClap.Model.Text;

internal sealed record TextEncoderOutput(Tensor LastHiddenState, Tensor PoolerOutput);

/// <summary><c>text_model.encoder</c>: the stack of RoBERTa layers.</summary>
internal sealed class RobertaEncoder : nn.Module
{
    private readonly ModuleList<RobertaLayer> layer;
    public RobertaEncoder(ClapTextConfig cfg) : base("RobertaEncoder")
    {
        layer = nn.ModuleList(Enumerable.Range(0, cfg.NumHiddenLayers).Select(_ => new RobertaLayer(cfg)).ToArray());
        RegisterComponents();
    }
    /// <param name="hiddenStates">When given, receives each layer's output (the caller adds the embeddings first
    /// if it wants HF's <c>hidden_states</c> numbering).</param>
    public Tensor forward(Tensor x, Tensor mask, List<Tensor>? hiddenStates = null)
    {
        foreach (var l in layer)
        {
            x = l.forward(x, mask);
            hiddenStates?.Add(x);
        }
        return x;
    }
}

/// <summary><c>text_model.pooler</c>: tanh(dense(first token)).</summary>
internal sealed class RobertaPooler : nn.Module<Tensor, Tensor>
{
    private readonly Linear dense;

    public RobertaPooler(int hidden) : base("RobertaPooler")
    {
        dense = nn.Linear(hidden, hidden);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden) => tanh(dense.forward(hidden[.., 0]));
}

/// <summary>CLAP's text tower (<c>text_model</c>): RoBERTa with its pooler; CLAP uses the pooled output.</summary>
internal sealed class ClapTextModel : nn.Module
{
    private readonly RobertaEmbeddings embeddings;
    private readonly RobertaEncoder encoder;
    private readonly RobertaPooler pooler;

    public ClapTextModel(ClapTextConfig cfg) : base("ClapTextModel")
    {
        embeddings = new RobertaEmbeddings(cfg);
        encoder = new RobertaEncoder(cfg);
        pooler = new RobertaPooler(cfg.HiddenSize);
        RegisterComponents();
    }

    /// <param name="inputIds">(B, L) int64.</param>
    /// <param name="attentionMask">(B, L) 1 for tokens, 0 for padding.</param>
    public TextEncoderOutput forward(Tensor inputIds, Tensor attentionMask)
    {
        var x = embeddings.forward(inputIds);
        var additive = RobertaSelfAttention.AdditiveMask(attentionMask, x.dtype);
        var last = encoder.forward(x, additive);
        return new TextEncoderOutput(last, pooler.forward(last));
    }
}
