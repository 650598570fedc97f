using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HumanClap.Model.Audio;

/// <summary>Windowed multi-head self-attention with a learned relative position bias
/// (<c>attention.self</c> of a Swin block).</summary>
internal sealed class SwinSelfAttention : nn.Module
{
    private readonly Linear query, key, value;
    private readonly Parameter relative_position_bias_table;
    // Saved in HF checkpoints (int64), so it is a persistent buffer here too.
    private readonly Tensor relative_position_index;
    private readonly int _heads;

    public SwinSelfAttention(int dim, int heads, int window, bool qkvBias) : base("SwinSelfAttention")
    {
        _heads = heads;
        query = nn.Linear(dim, dim, qkvBias);
        key = nn.Linear(dim, dim, qkvBias);
        value = nn.Linear(dim, dim, qkvBias);
        relative_position_bias_table = nn.Parameter(zeros((2 * window - 1) * (2 * window - 1), heads));
        relative_position_index = RelativePositionIndex(window);
        RegisterComponents();
    }

    /// <summary>Index into the bias table for each (query, key) pair of a window:
    /// Swin's (dh + w-1)*(2w-1) + (dw + w-1).</summary>
    internal static Tensor RelativePositionIndex(int w)
    {
        var idx = new long[w * w * w * w];
        for (int i = 0; i < w * w; i++)
            for (int j = 0; j < w * w; j++)
            {
                int dh = i / w - j / w + w - 1, dw = i % w - j % w + w - 1;
                idx[i * w * w + j] = dh * (2 * w - 1) + dw;
            }
        return tensor(idx, new long[] { w * w, w * w });
    }

    /// <param name="windows">(batch*windows, N, C)</param>
    /// <param name="mask">(windows, N, N) additive mask for shifted windows, or null.</param>
    public Tensor forward(Tensor windows, Tensor? mask) =>
        Attend(query.forward(windows), key.forward(windows), value.forward(windows),
            relative_position_bias_table, relative_position_index, mask, _heads);

    /// <summary>Multi-head attention within each window, with the relative position bias and the shifted-window
    /// mask: the maths every Swin layout shares (HF's separate query/key/value, msclap's fused qkv).</summary>
    /// <param name="q">(batch*windows, N, C) projected queries; <paramref name="k"/>, <paramref name="v"/>
    /// alike.</param>
    /// <param name="biasTable">((2w-1)², heads) learned biases; <paramref name="index"/> (N, N) int64 into it.</param>
    /// <param name="mask">(windows, N, N) additive mask for shifted windows, or null.</param>
    internal static Tensor Attend(Tensor q, Tensor k, Tensor v, Tensor biasTable, Tensor index, Tensor? mask, int heads)
    {
        long bw = q.shape[0], n = q.shape[1], c = q.shape[2], headDim = c / heads;
        Tensor Heads(Tensor x) => x.view(bw, n, heads, headDim).transpose(1, 2);
        var scores = Heads(q).matmul(Heads(k).transpose(-1, -2)).div(Math.Sqrt(headDim));
        var bias = biasTable.index_select(0, index.view(-1)).view(n, n, -1).permute(2, 0, 1);
        scores = scores.add(bias.unsqueeze(0));
        if (mask is not null)
        {
            long nw = mask.shape[0];
            scores = scores.view(bw / nw, nw, heads, n, n).add(mask.unsqueeze(1).unsqueeze(0)).view(-1, heads, n, n);
        }
        var probs = nn.functional.softmax(scores, -1);
        return probs.matmul(Heads(v)).transpose(1, 2).reshape(bw, n, c);
    }
}

/// <summary><c>attention</c> of a Swin block: <c>self</c> then <c>output</c>.</summary>
internal sealed class SwinAttention : nn.Module
{
    private readonly SwinSelfAttention self;
    // attention.output: one dense layer, the shape of HF's ClapAudioSelfOutput.
    private readonly DenseLayer output;

    public SwinAttention(int dim, int heads, int window, bool qkvBias) : base("SwinAttention")
    {
        self = new SwinSelfAttention(dim, heads, window, qkvBias);
        output = new DenseLayer(dim, dim);
        RegisterComponents();
    }

    public Tensor forward(Tensor windows, Tensor? mask) => output.forward(self.forward(windows, mask));
}

/// <summary>msclap HTSAT's <c>attn</c> (Swin's original WindowAttention): one fused <c>qkv</c> linear (rows q, k,
/// v), the relative position bias, and the output projection <c>proj</c>. The attention itself is
/// <see cref="SwinSelfAttention.Attend"/>, shared with the Hugging Face layout.</summary>
internal sealed class FusedWindowAttention : nn.Module
{
    private readonly Parameter relative_position_bias_table;
    // msclap's checkpoints store it (the 2023 file as float32; loading casts it back to int64).
    private readonly Tensor relative_position_index;
    private readonly Linear qkv, proj;
    private readonly int _heads;

    public FusedWindowAttention(int dim, int heads, int window, bool qkvBias) : base("FusedWindowAttention")
    {
        _heads = heads;
        relative_position_bias_table = nn.Parameter(zeros((2 * window - 1) * (2 * window - 1), heads));
        relative_position_index = SwinSelfAttention.RelativePositionIndex(window);
        qkv = nn.Linear(dim, 3 * dim, qkvBias);
        proj = nn.Linear(dim, dim);
        RegisterComponents();
    }

    public Tensor forward(Tensor windows, Tensor? mask)
    {
        var parts = qkv.forward(windows).chunk(3, -1);
        var attended = SwinSelfAttention.Attend(parts[0], parts[1], parts[2], relative_position_bias_table,
            relative_position_index, mask, _heads);
        return proj.forward(attended);
    }
}

/// <summary>msclap HTSAT's <c>mlp</c>: fc1, exact GELU, fc2 (HF's intermediate/output pair under other
/// names).</summary>
internal sealed class SwinMlp : nn.Module<Tensor, Tensor>
{
    private readonly Linear fc1, fc2;

    public SwinMlp(int dim, int hidden) : base("SwinMlp")
    {
        fc1 = nn.Linear(dim, hidden);
        fc2 = nn.Linear(hidden, dim);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => fc2.forward(nn.functional.gelu(fc1.forward(x)));
}
