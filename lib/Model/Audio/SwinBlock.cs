using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HumanClap.Model.Audio;

/// <summary>Whose checkpoint names a Swin block's parameters follow: the maths is the same.</summary>
internal enum SwinLayout
{
    /// <summary>Hugging Face's ClapAudio: layernorm_before, attention.self.{query,key,value}, attention.output.dense,
    /// layernorm_after, intermediate.dense, output.dense.</summary>
    HuggingFace,
    /// <summary>Swin's original (msclap's HTSAT): norm1, attn.{qkv,proj}, norm2, mlp.{fc1,fc2}.</summary>
    MsClap,
}

/// <summary>One Swin transformer block (<c>layers.i.blocks.j</c>): pre-norm (shifted) window attention, then pre-norm
/// MLP. Children are registered under the names of <see cref="SwinLayout"/>.</summary>
internal sealed class SwinBlock : nn.Module
{
    // Children are registered by name in the constructor; the fields hold their forward functions only, because
    // TorchSharp registers every Module-typed field under the field's name.
    private readonly Func<Tensor, Tensor> _normBefore, _normAfter;
    private readonly Func<Tensor, Tensor?, Tensor> _attend;
    private readonly Func<Tensor, Tensor> _mlp;
    private readonly int _window, _shift;
    private readonly MaskCache _mask = new();

    /// <param name="resolution">token grid (height, width) this block sees; fixed for a given spec size.</param>
    public SwinBlock(int dim, int heads, (int H, int W) resolution, int window, bool shifted, double mlpRatio,
        bool qkvBias, double eps, SwinLayout layout = SwinLayout.HuggingFace)
        : base("SwinBlock")
    {
        // As in Swin/HF: when the grid is no larger than a window, attend over the whole grid without shifting.
        int minRes = Math.Min(resolution.H, resolution.W);
        _window = minRes <= window ? minRes : window;
        _shift = minRes <= window || !shifted ? 0 : window / 2;
        int hidden = (int)(dim * mlpRatio);
        LayerNorm normBefore = nn.LayerNorm(dim, eps), normAfter = nn.LayerNorm(dim, eps);
        _normBefore = normBefore.forward;
        _normAfter = normAfter.forward;
        bool hf = layout == SwinLayout.HuggingFace;
        register_module(hf ? "layernorm_before" : "norm1", normBefore);
        if (hf)
        {
            var attention = new SwinAttention(dim, heads, _window, qkvBias);
            DenseLayer intermediate = new(dim, hidden), output = new(hidden, dim);
            register_module("attention", attention);
            register_module("intermediate", intermediate);
            register_module("output", output);
            _attend = attention.forward;
            _mlp = x => output.forward(nn.functional.gelu(intermediate.forward(x)));
        }
        else
        {
            var attn = new FusedWindowAttention(dim, heads, _window, qkvBias);
            var mlp = new SwinMlp(dim, hidden);
            register_module("attn", attn);
            register_module("mlp", mlp);
            _attend = attn.forward;
            _mlp = mlp.forward;
        }
        register_module(hf ? "layernorm_after" : "norm2", normAfter);
    }

    /// <remarks>A TorchSharp handle keeps its tensor alive until its dispose scope ends; without this block's own
    /// scope every temporary of every block (padded, rolled, partitioned copies, attention scores...) would live until
    /// the caller's scope ends, i.e. through the whole backward pass of a training step. Autograd keeps what backward
    /// needs by itself, so releasing the handles here changes no number, only the peak memory.</remarks>
    public Tensor forward(Tensor hidden, int height, int width)
    {
        using var scope = NewDisposeScope();
        long b = hidden.shape[0], c = hidden.shape[2];
        int ws = _window;
        var x = _normBefore(hidden).view(b, height, width, c);
        int padB = (ws - height % ws) % ws, padR = (ws - width % ws) % ws;
        if (padB > 0 || padR > 0) x = nn.functional.pad(x, new long[] { 0, 0, 0, padR, 0, padB });
        int hp = height + padB, wp = width + padR;
        if (_shift > 0) x = roll(x, new long[] { -_shift, -_shift }, new long[] { 1, 2 });

        var windows = Partition(x, ws).view(-1, ws * ws, c);
        var attn = _attend(windows, _shift > 0 ? _mask.Get(hp, wp, ws, _shift, hidden.device) : null);
        x = Reverse(attn.view(-1, ws, ws, c), ws, hp, wp);

        if (_shift > 0) x = roll(x, new long[] { _shift, _shift }, new long[] { 1, 2 });
        if (padB > 0 || padR > 0) x = x[.., ..height, ..width, ..].contiguous();
        hidden = hidden.add(x.view(b, (long)height * width, c));
        return hidden.add(_mlp(_normAfter(hidden))).MoveToOuterDisposeScope();
    }

    internal static Tensor Partition(Tensor x, int ws)
    {
        long b = x.shape[0], h = x.shape[1], w = x.shape[2], c = x.shape[3];
        return x.view(b, h / ws, ws, w / ws, ws, c).permute(0, 1, 3, 2, 4, 5).contiguous().view(-1, ws, ws, c);
    }

    internal static Tensor Reverse(Tensor windows, int ws, int h, int w)
    {
        long c = windows.shape[^1];
        return windows.view(-1, h / ws, w / ws, ws, ws, c).permute(0, 1, 3, 2, 4, 5).contiguous().view(-1, h, w, c);
    }

    /// <summary>The shifted-window mask (-100 between tokens from different regions). Built once per grid and
    /// device; held outside TorchSharp's registration (not a buffer: it is not in checkpoints) and outside dispose
    /// scopes.</summary>
    private sealed class MaskCache
    {
        private Tensor? _mask;
        private (int, int, int, int, DeviceType) _key;

        public Tensor Get(int h, int w, int ws, int shift, Device device)
        {
            var key = (h, w, ws, shift, device.type);
            if (_mask is not null && _key == key) return _mask;
            var region = new float[h * w];
            int Band(int i, int n) => i < n - ws ? 0 : i < n - shift ? 1 : 2;
            for (int i = 0; i < h; i++)
                for (int j = 0; j < w; j++)
                    region[i * w + j] = Band(i, h) * 3 + Band(j, w);
            using var scope = NewDisposeScope();
            var windows = Partition(tensor(region, new long[] { 1, h, w, 1 }), ws).view(-1, ws * ws);
            var diff = windows.unsqueeze(1).sub(windows.unsqueeze(2));
            var mask = zeros_like(diff).masked_fill(diff.ne(0), -100f).to(device);
            _mask?.Dispose();
            _mask = mask.DetachFromDisposeScope();
            _key = key;
            return _mask;
        }
    }
}
