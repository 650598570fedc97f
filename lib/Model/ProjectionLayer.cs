using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HumanClap.Model;

/// <summary><c>audio_projection</c> / <c>text_projection</c>: linear1, ReLU, linear2 into the joint space.</summary>
internal sealed class ProjectionLayer : nn.Module<Tensor, Tensor>
{
    private readonly Linear linear1, linear2;
    public ProjectionLayer(int inFeatures, int projectionDim) : base("ProjectionLayer")
    {
        linear1 = nn.Linear(inFeatures, projectionDim);
        linear2 = nn.Linear(projectionDim, projectionDim);
        RegisterComponents();
    }
    public override Tensor forward(Tensor x) => linear2.forward(nn.functional.relu(linear1.forward(x)));
}
