using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace HumanClap.Model.Text;

/// <summary><c>attention.self</c>: multi-head scaled dot-product attention with an additive padding mask.</summary>
internal sealed class RobertaSelfAttention : nn.Module
{
    private readonly Linear query, key, value;
    private readonly Dropout dropout;
    private readonly int _heads, _headDim;

    public RobertaSelfAttention(ClapTextConfig cfg) : base("RobertaSelfAttention")
    {
        _heads = cfg.NumAttentionHeads; _headDim = cfg.HiddenSize / cfg.NumAttentionHeads;
        query = nn.Linear(cfg.HiddenSize, cfg.HiddenSize);
        key = nn.Linear(cfg.HiddenSize, cfg.HiddenSize);
        value = nn.Linear(cfg.HiddenSize, cfg.HiddenSize);
        dropout = nn.Dropout(cfg.AttentionProbsDropoutProb);
        RegisterComponents();
    }

    /// <summary>HF's extended attention mask: (B, L) 1/0 → (B, 1, 1, L) <c>(1 - mask) * finfo.min</c>.</summary>
    public static Tensor AdditiveMask(Tensor attentionMask, ScalarType dtype) =>
        attentionMask.to(dtype).neg().add(1).mul(float.MinValue).unsqueeze(1).unsqueeze(1);

    /// <param name="additiveMask">(B, 1, 1, L): 0 for tokens, float.MinValue for padding.</param>
    public Tensor forward(Tensor x, Tensor additiveMask)
    {
        long b = x.shape[0], n = x.shape[1], c = x.shape[2];
        Tensor Heads(Tensor t) => t.view(b, n, _heads, _headDim).transpose(1, 2);
        var scores = Heads(query.forward(x)).matmul(Heads(key.forward(x)).transpose(-1, -2))
            .div(Math.Sqrt(_headDim)).add(additiveMask);
        var probs = dropout.forward(nn.functional.softmax(scores, -1));
        return probs.matmul(Heads(value.forward(x))).transpose(1, 2).reshape(b, n, c);
    }
}

/// <summary>Post-LN residual output block: dense, dropout, LayerNorm(x + residual)
/// (<c>attention.output</c> and <c>output</c> of a RoBERTa layer).</summary>
internal sealed class RobertaResidualOutput : nn.Module
{
    private readonly Linear dense;
    [ComponentName(Name = "LayerNorm")] private readonly LayerNorm layer_norm;
    private readonly Dropout dropout;

    public RobertaResidualOutput(long inFeatures, ClapTextConfig cfg) : base("RobertaResidualOutput")
    {
        dense = nn.Linear(inFeatures, cfg.HiddenSize);
        layer_norm = nn.LayerNorm(cfg.HiddenSize, cfg.LayerNormEps);
        dropout = nn.Dropout(cfg.HiddenDropoutProb);
        RegisterComponents();
    }

    public Tensor forward(Tensor x, Tensor residual) =>
        layer_norm.forward(dropout.forward(dense.forward(x)).add(residual));
}

/// <summary><c>attention</c> of a RoBERTa layer: <c>self</c> then <c>output</c>.</summary>
internal sealed class RobertaAttention : nn.Module
{
    private readonly RobertaSelfAttention self;
    private readonly RobertaResidualOutput output;

    public RobertaAttention(ClapTextConfig cfg) : base("RobertaAttention")
    {
        self = new RobertaSelfAttention(cfg);
        output = new RobertaResidualOutput(cfg.HiddenSize, cfg);
        RegisterComponents();
    }

    public Tensor forward(Tensor x, Tensor mask) => output.forward(self.forward(x, mask), x);
}

/// <summary>One RoBERTa encoder layer (<c>text_model.encoder.layer.i</c>).</summary>
internal sealed class RobertaLayer : nn.Module
{
    private readonly RobertaAttention attention;
    private readonly DenseLayer intermediate;
    private readonly RobertaResidualOutput output;

    public RobertaLayer(ClapTextConfig cfg) : base("RobertaLayer")
    {
        attention = new RobertaAttention(cfg);
        intermediate = new DenseLayer(cfg.HiddenSize, cfg.IntermediateSize);
        output = new RobertaResidualOutput(cfg.IntermediateSize, cfg);
        RegisterComponents();
    }

    /// <remarks>Own dispose scope: the layer's temporaries are released when it returns instead of living through
    /// the caller's whole backward pass (autograd keeps what it needs; no number changes).</remarks>
    public Tensor forward(Tensor x, Tensor mask)
    {
        using var scope = NewDisposeScope();
        var a = attention.forward(x, mask);
        return output.forward(nn.functional.gelu(intermediate.forward(a)), a).MoveToOuterDisposeScope();
    }
}
