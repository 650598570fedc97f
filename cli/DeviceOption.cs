using static TorchSharp.torch;

namespace HumanClap.Cli;

/// <summary>--device: cpu (default) or cuda[:N] (syntax checked by the parser), checked against what the built
/// TorchSharp backend offers.</summary>
public static class DeviceOption
{
    public static Device Parse(string? value)
    {
        if (value is null or "cpu") return CPU;
        if (!cuda.is_available())
            throw new UsageException($"--device {value}: CUDA is not available " +
                                     "(build with -p:TorchBackend=cuda on a machine with an NVIDIA GPU)");
        return new Device(value);
    }
}
