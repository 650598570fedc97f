using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HumanClap.Model.Audio;

/// <summary>One HTSAT stage (<c>layers.i</c>): alternating plain and shifted window blocks, then optional patch
/// merging.</summary>
internal sealed class SwinStage : nn.Module
{
    private readonly ModuleList<SwinBlock> blocks;
    private readonly PatchMerging? downsample;

    public SwinStage(int dim, int depth, int heads, (int H, int W) resolution, ClapAudioConfig cfg,
        bool downsampleAtEnd,
        SwinLayout layout = SwinLayout.HuggingFace)
        : base("SwinStage")
    {
        blocks = nn.ModuleList(Enumerable.Range(0, depth)
            .Select(i => new SwinBlock(dim, heads, resolution, cfg.WindowSize, shifted: i % 2 == 1, cfg.MlpRatio,
                cfg.QkvBias, cfg.LayerNormEps, layout))
            .ToArray());
        if (downsampleAtEnd) downsample = new PatchMerging(dim);
        RegisterComponents();
    }

    public (Tensor Hidden, int Height, int Width) forward(Tensor hidden, int height, int width)
    {
        foreach (var block in blocks) hidden = block.forward(hidden, height, width);
        if (downsample is null) return (hidden, height, width);
        using var scope = NewDisposeScope(); // releases the merging's temporaries (see SwinBlock.forward)
        var merged = downsample.forward(hidden, height, width).MoveToOuterDisposeScope();
        return (merged, (height + 1) / 2, (width + 1) / 2);
    }
}
