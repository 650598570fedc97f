using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HumanClap.Model.Audio;

/// <summary>HTSAT patch embedding (<c>patch_embed</c>): 4x4 conv patches of the 256x256 mel image, and with fusion
/// the local chunks' (4,12)-conv patches merged in by AFF for clips longer than 10 s.</summary>
internal sealed class PatchEmbed : nn.Module
{
    private readonly GuardedConv2d proj;
    private readonly LayerNorm? norm;
    private readonly GuardedConv2d? mel_conv2d;
    private readonly AttentionalFeatureFusion? fusion_model;
    private readonly bool _flatten;

    public PatchEmbed(ClapAudioConfig cfg) : base("PatchEmbed")
    {
        int e = cfg.PatchEmbedsHiddenSize;
        int inChannels = cfg.EnableFusion ? 1 : cfg.PatchEmbedInputChannels;
        proj = new GuardedConv2d(inChannels, e, (cfg.PatchSize, cfg.PatchSize),
            stride: (cfg.PatchStride[0], cfg.PatchStride[1]));
        if (cfg.EnablePatchLayerNorm) norm = nn.LayerNorm(e);
        if (cfg.EnableFusion)
        {
            mel_conv2d = new GuardedConv2d(1, e, (cfg.PatchSize, cfg.PatchSize * 3),
                stride: (cfg.PatchStride[0], cfg.PatchStride[1] * 3));
            fusion_model = new AttentionalFeatureFusion(e, cfg.AffBlockR);
        }
        _flatten = cfg.FlattenPatchEmbeds;
        RegisterComponents();
    }

    /// <param name="image">(B, C, 256, 256); channel 0 is the (global) mel, channels 1..3 the local chunks with
    /// fusion.</param>
    /// <param name="longerIndex">int64 indices of the rows that are longer than 10 s (fusion only), or null.</param>
    public Tensor forward(Tensor image, Tensor? longerIndex)
    {
        Tensor x;
        if (fusion_model is not null && mel_conv2d is not null)
        {
            x = proj.forward(image[.., 0..1]);
            if (longerIndex is not null && longerIndex.numel() > 0)
            {
                long outWidth = x.shape[^1];
                var local = image.index_select(0, longerIndex)[.., 1..].contiguous();
                long n = local.shape[0], ch = local.shape[1], h = local.shape[2], w = local.shape[3];
                local = mel_conv2d.forward(local.view(n * ch, 1, h, w));
                long f = local.shape[1], lh = local.shape[2], lw = local.shape[3];
                // (n, ch, f, lh, lw) -> (n, f, lh, ch*lw): the three chunks side by side in time,
                // zero-padded to the global width.
                local = local.view(n, ch, f, lh, lw).permute(0, 2, 3, 1, 4).contiguous().flatten(3);
                local = nn.functional.pad(local, new long[] { 0, outWidth - local.shape[^1] });
                var fused = fusion_model.forward(x.index_select(0, longerIndex), local);
                x = x.index_copy(0, longerIndex, fused);
            }
        }
        else x = proj.forward(image);

        if (_flatten) x = x.flatten(2).transpose(1, 2);
        return norm is null ? x : norm.forward(x);
    }
}
