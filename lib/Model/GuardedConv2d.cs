using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HumanClap.Model;

/// <summary>
/// nn.Conv2d whose CPU float32 forward never hands oneDNN an input-channel count that it pads itself (see
/// <see cref="OneDnnChannelBlock"/>): such inputs and the weight get zero channels appended up to a whole block
/// first, which leaves the mathematical result unchanged. Every other call (published widths, float64, half
/// precision, other devices) is exactly nn.Conv2d's. Same parameters as nn.Conv2d (<c>weight</c>, <c>bias</c>, so
/// checkpoint keys stay), same initialisation and random draws; groups are always 1 and padding is zeros.
/// </summary>
internal sealed class GuardedConv2d : Convolution
{
    private readonly long _extraChannels;

    public GuardedConv2d(long inChannels, long outChannels, long kernelSize, long stride = 1, long padding = 0,
        bool bias = true)
        : this(inChannels, outChannels, (kernelSize, kernelSize), (stride, stride), (padding, padding), bias: bias)
    {
    }

    public GuardedConv2d(long inChannels, long outChannels, (long H, long W) kernelSize,
        (long H, long W)? stride = null, (long H, long W)? padding = null, (long H, long W)? dilation = null,
        bool bias = true)
        : base(nameof(Conv2d), inChannels, outChannels, [kernelSize.H, kernelSize.W],
            Pair(stride ?? (1, 1)), Pair(padding ?? (0, 0)), padding_type: null, Pair(dilation ?? (1, 1)),
            transposed: false, output_padding: [0, 0], groups: 1, bias, PaddingModes.Zeros)
    {
        _extraChannels = OneDnnChannelBlock.ChannelsToAdd(inChannels, OneDnnChannelBlock.Current);
    }

    private static long[] Pair((long A, long B) p) => [p.A, p.B];

    /// <summary>Zero input channels appended to CPU float32 inputs in this process (0: always the plain conv2d).
    /// </summary>
    internal long ExtraChannelsOnCpuFloat32 => _extraChannels;

    /// <summary>Zero input channels this forward appends for <paramref name="input"/> (0: the plain conv2d).</summary>
    internal long ExtraChannelsFor(Tensor input) =>
        input.device_type == DeviceType.CPU && input.dtype == ScalarType.Float32 ? _extraChannels : 0;

    public override Tensor forward(Tensor input)
    {
        if (!ValidateShape(input, 2))
            throw new ArgumentException(
                $"Expected 3D (unbatched) or 4D (batched) input with {in_channels} channels to Conv2d.");
        long extra = ExtraChannelsFor(input);
        if (extra == 0) return nn.functional.conv2d(input, weight, bias, stride, padding, dilation);

        using var scope = NewDisposeScope();
        // Padding the channel axis (third from last, for weights and batched or unbatched inputs) is differentiable:
        // the gradient reaches the real weight. Copying the weight each call costs one read of it, small beside
        // the convolution, which reads it once per output position.
        long[] channels = [0, 0, 0, 0, 0, extra];
        var paddedInput = nn.functional.pad(input, channels);
        var paddedWeight = nn.functional.pad(weight, channels);
        return nn.functional.conv2d(paddedInput, paddedWeight, bias, stride, padding, dilation)
            .MoveToOuterDisposeScope();
    }
}
