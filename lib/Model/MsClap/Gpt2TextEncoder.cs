using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HumanClap.Model.MsClap;

/// <summary>GPT-2's <c>Conv1D</c>: a linear layer stored transposed, <c>weight</c> [in, out], y = x W + b.</summary>
internal sealed class Gpt2Conv1D : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight, bias;

    public Gpt2Conv1D(int inFeatures, int outFeatures) : base("Gpt2Conv1D")
    {
        weight = nn.Parameter(empty(inFeatures, outFeatures));
        bias = nn.Parameter(zeros(outFeatures));
        nn.init.normal_(weight, 0, 0.02);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => x.matmul(weight).add(bias);
}

/// <summary>GPT-2 causal self-attention (<c>h.N.attn</c>): fused <c>c_attn</c> (q, k, v), scores / sqrt(head_dim),
/// causal mask, padding mask, softmax, <c>c_proj</c>.</summary>
internal sealed class Gpt2Attention : nn.Module
{
    private readonly Gpt2Conv1D c_attn, c_proj;
    private readonly int _heads;

    public Gpt2Attention(int width, int heads) : base("Gpt2Attention")
    {
        if (width % heads != 0) throw new ArgumentException($"n_embd {width} is not a multiple of n_head {heads}");
        c_attn = new Gpt2Conv1D(width, 3 * width);
        c_proj = new Gpt2Conv1D(width, width);
        _heads = heads;
        RegisterComponents();
    }

    /// <param name="x">(B, L, C)</param>
    /// <param name="additiveMask">(B, 1, L, L): 0 where a query may attend, float.MinValue where not (causal and
    /// padding combined, as transformers' where(causal) + (1 - mask)·min).</param>
    public Tensor forward(Tensor x, Tensor additiveMask)
    {
        using var scope = NewDisposeScope();
        long b = x.shape[0], l = x.shape[1], c = x.shape[2], d = c / _heads;
        var qkv = c_attn.forward(x).split(c, -1);
        Tensor Heads(Tensor t) => t.view(b, l, _heads, d).transpose(1, 2);
        var scores = Heads(qkv[0]).matmul(Heads(qkv[1]).transpose(-1, -2)).div((float)Math.Sqrt(d));
        var probs = nn.functional.softmax(scores.add(additiveMask), -1);
        var merged = probs.matmul(Heads(qkv[2])).transpose(1, 2).reshape(b, l, c);
        return c_proj.forward(merged).MoveToOuterDisposeScope();
    }
}

/// <summary>GPT-2's <c>mlp</c>: c_fc, gelu_new (tanh approximation), c_proj.</summary>
internal sealed class Gpt2Mlp : nn.Module<Tensor, Tensor>
{
    private readonly Gpt2Conv1D c_fc, c_proj;

    public Gpt2Mlp(int width, int inner) : base("Gpt2Mlp")
    {
        c_fc = new Gpt2Conv1D(width, inner);
        c_proj = new Gpt2Conv1D(inner, width);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return c_proj.forward(GeluNew(c_fc.forward(x))).MoveToOuterDisposeScope();
    }

    /// <summary>transformers' NewGELUActivation: 0.5 x (1 + tanh(sqrt(2/π) (x + 0.044715 x³))).</summary>
    internal static Tensor GeluNew(Tensor x) =>
        x.mul(0.5).mul(x.pow(3).mul(0.044715).add(x).mul(Math.Sqrt(2.0 / Math.PI)).tanh().add(1.0));
}

/// <summary>One GPT-2 block (<c>h.N</c>): x + attn(ln_1(x)), then + mlp(ln_2(x)).</summary>
internal sealed class Gpt2Block : nn.Module
{
    private readonly LayerNorm ln_1, ln_2;
    private readonly Gpt2Attention attn;
    private readonly Gpt2Mlp mlp;

    public Gpt2Block(int width, int heads, int inner, double eps) : base("Gpt2Block")
    {
        ln_1 = nn.LayerNorm(width, eps);
        attn = new Gpt2Attention(width, heads);
        ln_2 = nn.LayerNorm(width, eps);
        mlp = new Gpt2Mlp(width, inner);
        RegisterComponents();
    }

    public Tensor forward(Tensor x, Tensor additiveMask)
    {
        using var scope = NewDisposeScope();
        var h = x.add(attn.forward(ln_1.forward(x), additiveMask));
        return h.add(mlp.forward(ln_2.forward(h))).MoveToOuterDisposeScope();
    }
}

/// <summary>GPT-2's outputs: the last hidden state (after ln_f) and, when asked for, every hidden state as
/// transformers' <c>hidden_states</c> (0 = wte + wpe, k = block k-1's output, last = after ln_f).</summary>
internal sealed record Gpt2Output(Tensor LastHiddenState, IReadOnlyList<Tensor>? HiddenStates);

/// <summary>
/// GPT2Model as msclap 2023's text encoder (<c>caption_encoder.base</c>): token + position embeddings (positions
/// 0..L-1 whatever the padding), n_layer blocks with a causal mask, final LayerNorm. The causal mask is rebuilt
/// here; the checkpoint's <c>attn.bias</c> / <c>attn.masked_bias</c> copies are ignored, as stock msclap does.
/// </summary>
internal sealed class Gpt2TextEncoder : nn.Module
{
    private readonly Embedding wte, wpe;
    private readonly ModuleList<Gpt2Block> h;
    private readonly LayerNorm ln_f;

    public Gpt2TextEncoder(MsClapTextModel cfg) : base("Gpt2TextEncoder")
    {
        int width = cfg.NEmbd ?? throw new ArgumentException("text_model.n_embd is required for GPT-2");
        int heads = cfg.NHead ?? throw new ArgumentException("text_model.n_head is required for GPT-2");
        int layers = cfg.NLayer ?? throw new ArgumentException("text_model.n_layer is required for GPT-2");
        MaxPositions = cfg.NPositions ?? throw new ArgumentException("text_model.n_positions is required for GPT-2");
        wte = nn.Embedding(cfg.VocabSize, width);
        wpe = nn.Embedding(MaxPositions, width);
        h = nn.ModuleList(Enumerable.Range(0, layers)
            .Select(_ => new Gpt2Block(width, heads, cfg.NInner ?? 4 * width, cfg.LayerNormEpsilon)).ToArray());
        ln_f = nn.LayerNorm(width, cfg.LayerNormEpsilon);
        RegisterComponents();
    }

    public int MaxPositions { get; }

    /// <param name="inputIds">(B, L) int64.</param>
    /// <param name="attentionMask">(B, L) 1 for tokens, 0 for padding.</param>
    public Gpt2Output forward(Tensor inputIds, Tensor attentionMask, bool keepHiddenStates = false)
    {
        long l = inputIds.shape[1];
        if (l > MaxPositions)
            throw new ArgumentException($"{l} tokens exceed GPT-2's {MaxPositions} positions");
        using var scope = NewDisposeScope();
        var positions = arange(l, dtype: ScalarType.Int64, device: inputIds.device);
        var x = wte.forward(inputIds).add(wpe.forward(positions));
        var mask = AdditiveMask(attentionMask, x.dtype);
        var states = keepHiddenStates ? new List<Tensor> { x } : null;
        foreach (var block in h)
        {
            x = block.forward(x, mask);
            states?.Add(x);
        }
        var last = ln_f.forward(x);
        if (states is not null) states[^1] = last;
        last.MoveToOuterDisposeScope();
        if (states is not null) foreach (var s in states) s.MoveToOuterDisposeScope();
        return new Gpt2Output(last, states);
    }

    /// <summary>(B, 1, L, L): float.MinValue above the diagonal (future keys) and on padded keys, 0
    /// elsewhere.</summary>
    private static Tensor AdditiveMask(Tensor attentionMask, ScalarType dtype)
    {
        long l = attentionMask.shape[1];
        var future = ones(l, l, dtype: ScalarType.Bool, device: attentionMask.device).triu(1);
        var padded = attentionMask.eq(0).unsqueeze(1).unsqueeze(2);
        var blocked = future.unsqueeze(0).unsqueeze(0).logical_or(padded);
        return zeros(blocked.shape, dtype: dtype, device: attentionMask.device).masked_fill(blocked, float.MinValue);
    }

    /// <summary>msclap's pooled position: count(ids ≠ 0) − 1 per row (0 is both '!' and the pad id).</summary>
    public static Tensor PooledIndex(Tensor inputIds) => inputIds.ne(0).sum(1).sub(1);
}
