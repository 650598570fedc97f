using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HumanClap.Model.Audio;

/// <summary>Attentional feature fusion (AFF, <c>patch_embed.fusion_model</c>) merging the global mel's patches
/// with the local chunks' patches: w = sigmoid(local_att(g+l) + global_att(g+l)); out = 2gw + 2l(1-w).</summary>
internal sealed class AttentionalFeatureFusion : nn.Module
{
    private readonly Sequential local_att, global_att;

    public AttentionalFeatureFusion(int channels, int r) : base("AttentionalFeatureFusion")
    {
        int inter = channels / r;
        // Index names must match the checkpoint (ReLU and pooling count as layers).
        local_att = nn.Sequential(
            ("0", new GuardedConv2d(channels, inter, 1)), ("1", nn.BatchNorm2d(inter)), ("2", nn.ReLU()),
            ("3", new GuardedConv2d(inter, channels, 1)), ("4", nn.BatchNorm2d(channels)));
        global_att = nn.Sequential(
            ("0", nn.AdaptiveAvgPool2d(1)),
            ("1", new GuardedConv2d(channels, inter, 1)), ("2", nn.BatchNorm2d(inter)), ("3", nn.ReLU()),
            ("4", new GuardedConv2d(inter, channels, 1)), ("5", nn.BatchNorm2d(channels)));
        RegisterComponents();
    }

    public Tensor forward(Tensor global, Tensor local)
    {
        var both = global.add(local);
        var w = sigmoid(local_att.forward(both).add(global_att.forward(both)));
        return global.mul(w).mul(2).add(local.mul(w.neg().add(1)).mul(2));
    }
}
