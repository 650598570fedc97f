using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HumanClap.Model;

/// <summary>A module whose only child is <c>dense</c>: the shape of HF's <c>intermediate</c>/<c>output</c> blocks
/// (RoBERTa's intermediate, HTSAT's attention output, intermediate and output). The field name is the checkpoint
/// key.</summary>
internal sealed class DenseLayer : nn.Module<Tensor, Tensor>
{
    private readonly Linear dense;

    public DenseLayer(long inFeatures, long outFeatures) : base("DenseLayer")
    {
        dense = nn.Linear(inFeatures, outFeatures);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => dense.forward(x);
}
