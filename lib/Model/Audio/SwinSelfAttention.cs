using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HumanClap.Model.Audio;

/// <summary>Windowed multi-head self-attention with a learned relative position bias
/// (<c>attention.self</c> of a Swin block).</summary>
public sealed class SwinSelfAttention : nn.Module
{
    private readonly Linear query, key, value;
    private readonly Parameter relative_position_bias_table;
    // Saved in HF checkpoints (int64), so it is a persistent buffer here too.
    private readonly Tensor relative_position_index;
    private readonly int _heads, _headDim, _window;

    public SwinSelfAttention(int dim, int heads, int window, bool qkvBias) : base("SwinSelfAttention")
    {
        _heads = heads; _headDim = dim / heads; _window = window;
        query = nn.Linear(dim, dim, qkvBias);
        key = nn.Linear(dim, dim, qkvBias);
        value = nn.Linear(dim, dim, qkvBias);
        relative_position_bias_table = nn.Parameter(zeros((2 * window - 1) * (2 * window - 1), heads));
        relative_position_index = RelativePositionIndex(window);
        RegisterComponents();
    }

    /// <summary>Index into the bias table for each (query, key) pair of a window: Swin's (dh + w-1)*(2w-1) + (dw + w-1).</summary>
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
    public Tensor forward(Tensor windows, Tensor? mask)
    {
        long bw = windows.shape[0], n = windows.shape[1], c = windows.shape[2];
        Tensor Heads(Tensor x) => x.view(bw, n, _heads, _headDim).transpose(1, 2);
        var q = Heads(query.forward(windows));
        var k = Heads(key.forward(windows));
        var v = Heads(value.forward(windows));
        var scores = q.matmul(k.transpose(-1, -2)).div(Math.Sqrt(_headDim));
        var bias = relative_position_bias_table.index_select(0, relative_position_index.view(-1))
            .view(n, n, -1).permute(2, 0, 1);
        scores = scores.add(bias.unsqueeze(0));
        if (mask is not null)
        {
            long nw = mask.shape[0];
            scores = scores.view(bw / nw, nw, _heads, n, n).add(mask.unsqueeze(1).unsqueeze(0)).view(-1, _heads, n, n);
        }
        var probs = nn.functional.softmax(scores, -1);
        return probs.matmul(v).transpose(1, 2).reshape(bw, n, c);
    }
}

/// <summary><c>attention.output</c> of a Swin block: one dense layer.</summary>
public sealed class SwinSelfOutput : nn.Module<Tensor, Tensor>
{
    private readonly Linear dense;
    public SwinSelfOutput(int dim) : base("SwinSelfOutput") { dense = nn.Linear(dim, dim); RegisterComponents(); }
    public override Tensor forward(Tensor x) => dense.forward(x);
}

/// <summary><c>attention</c> of a Swin block: <c>self</c> then <c>output</c>.</summary>
public sealed class SwinAttention : nn.Module
{
    private readonly SwinSelfAttention self;
    private readonly SwinSelfOutput output;

    public SwinAttention(int dim, int heads, int window, bool qkvBias) : base("SwinAttention")
    {
        self = new SwinSelfAttention(dim, heads, window, qkvBias);
        output = new SwinSelfOutput(dim);
        RegisterComponents();
    }

    public Tensor forward(Tensor windows, Tensor? mask) => output.forward(self.forward(windows, mask));
}
