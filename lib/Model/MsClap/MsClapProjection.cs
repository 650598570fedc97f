using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HumanClap.Model.MsClap;

/// <summary>msclap's <c>Projection</c> (both versions, audio and text branch): e1 = linear1(x),
/// out = LayerNorm(e1 + linear2(gelu(e1))); both linears without bias, exact (erf) GELU, LayerNorm eps 1e-5.
/// The output is not normalised (msclap's <c>get_*_embeddings</c> return it as is).</summary>
internal sealed class MsClapProjection : nn.Module<Tensor, Tensor>
{
    private readonly Linear linear1, linear2;
    private readonly LayerNorm layer_norm;

    public MsClapProjection(int inFeatures, int outFeatures) : base("MsClapProjection")
    {
        linear1 = nn.Linear(inFeatures, outFeatures, hasBias: false);
        linear2 = nn.Linear(outFeatures, outFeatures, hasBias: false);
        layer_norm = nn.LayerNorm(outFeatures, 1e-5);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var e1 = linear1.forward(x);
        var e2 = linear2.forward(nn.functional.gelu(e1));
        return layer_norm.forward(e1.add(e2)).MoveToOuterDisposeScope();
    }
}
