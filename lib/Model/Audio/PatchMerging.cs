using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HumanClap.Model.Audio;

/// <summary>Swin patch merging (<c>downsample</c>): 2x2 neighbours concatenated, normalised, reduced
/// 4C -> 2C.</summary>
internal sealed class PatchMerging : nn.Module
{
    private readonly Linear reduction;
    private readonly LayerNorm norm;

    public PatchMerging(int dim) : base("PatchMerging")
    {
        reduction = nn.Linear(4 * dim, 2 * dim, hasBias: false);
        norm = nn.LayerNorm(4 * dim);
        RegisterComponents();
    }

    public Tensor forward(Tensor hidden, int height, int width)
    {
        long b = hidden.shape[0], c = hidden.shape[2];
        var x = hidden.view(b, height, width, c);
        if (height % 2 == 1 || width % 2 == 1)
            x = nn.functional.pad(x, new long[] { 0, 0, 0, width % 2, 0, height % 2 });
        // Order matters for checkpoint compatibility: (0::2,0::2), (1::2,0::2), (0::2,1::2), (1::2,1::2).
        var x0 = x[.., TensorIndex.Slice(0, null, 2), TensorIndex.Slice(0, null, 2), ..];
        var x1 = x[.., TensorIndex.Slice(1, null, 2), TensorIndex.Slice(0, null, 2), ..];
        var x2 = x[.., TensorIndex.Slice(0, null, 2), TensorIndex.Slice(1, null, 2), ..];
        var x3 = x[.., TensorIndex.Slice(1, null, 2), TensorIndex.Slice(1, null, 2), ..];
        var merged = cat(new[] { x0, x1, x2, x3 }, -1).view(b, -1, 4 * c);
        return reduction.forward(norm.forward(merged));
    }
}
