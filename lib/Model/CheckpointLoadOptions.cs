using HumanClap.Common;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace HumanClap.Model;

public sealed record CheckpointLoadOptions
{
    /// <summary><c>pytorch_model.bin</c> is a Python pickle; it is read only when this is set.</summary>
    public bool AllowPickle { get; init; }
    public Device? Device { get; init; }
}
