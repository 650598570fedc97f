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

    // When channels are added, the weight parameter is a view of the first in_channels of a zero-padded tensor, so
    // evaluation hands that tensor to conv2d without copying the weight (a copy per call made a full-size Cnn14 at
    // widths 4 below the published ones ~20 % slower). Loading and optimiser steps write through the view; a
    // parameter replaced by someone else (or moved to another dtype or device) is no longer a view of it, and the
    // weight is then padded per call.
    private Tensor? _paddedWeight;
    private Parameter? _weightViewOfPadded;

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
        ViewWeightInPaddedStorage();
    }

    private static long[] Pair((long A, long B) p) => [p.A, p.B];

    /// <summary>Zero input channels appended to CPU float32 inputs in this process (0: always the plain conv2d).
    /// </summary>
    internal long ExtraChannelsOnCpuFloat32 => _extraChannels;

    /// <summary>Zero input channels this forward appends for <paramref name="input"/> (0: the plain conv2d).</summary>
    internal long ExtraChannelsFor(Tensor input) =>
        input.device_type == DeviceType.CPU && input.dtype == ScalarType.Float32 ? _extraChannels : 0;

    /// <summary>Whether the weight parameter is still the view of the padded tensor (tests).</summary>
    internal bool WeightIsViewOfPaddedStorage =>
        _paddedWeight is not null && ReferenceEquals(weight, _weightViewOfPadded);

    public override Tensor forward(Tensor input)
    {
        if (!ValidateShape(input, 2))
            throw new ArgumentException(
                $"Expected 3D (unbatched) or 4D (batched) input with {in_channels} channels to Conv2d.");
        long extra = ExtraChannelsFor(input);
        if (extra == 0) return nn.functional.conv2d(input, weight, bias, stride, padding, dilation);

        using var scope = NewDisposeScope();
        // The channel axis is third from last for weights and for batched and unbatched inputs. With gradients the
        // weight is padded per call: pad is differentiable, so the gradient reaches the parameter itself.
        long[] channels = [0, 0, 0, 0, 0, extra];
        var paddedInput = nn.functional.pad(input, channels);
        bool needsWeightGradient = is_grad_enabled() && weight.requires_grad;
        var paddedWeight = WeightIsViewOfPaddedStorage && !needsWeightGradient
            ? _paddedWeight!
            : nn.functional.pad(weight, channels);
        return nn.functional.conv2d(paddedInput, paddedWeight, bias, stride, padding, dilation)
            .MoveToOuterDisposeScope();
    }

    /// <summary>Makes the weight parameter a view of a zero-padded copy of itself, when inputs will be padded.
    /// </summary>
    private void ViewWeightInPaddedStorage()
    {
        _paddedWeight?.Dispose();
        (_paddedWeight, _weightViewOfPadded) = (null, null);
        var current = weight;
        if (_extraChannels == 0 || current.device_type != DeviceType.CPU || current.dtype != ScalarType.Float32)
            return;
        using var _ = no_grad();
        var shape = current.shape;
        shape[1] += _extraChannels;
        var padded = zeros(shape).DetachFromDisposeScope();
        using (var realChannels = padded.narrow(1, 0, in_channels)) realChannels.copy_(current);
        weight = new Parameter(padded.narrow(1, 0, in_channels), current.requires_grad);
        (_paddedWeight, _weightViewOfPadded) = (padded, weight);
    }

    // Moving to another dtype or device replaces the parameters (Convolution._to): view the new weight again.
    protected override nn.Module _to(Device device, ScalarType dtype, bool non_blocking) =>
        Relinked(base._to(device, dtype, non_blocking));

    protected override nn.Module _to(DeviceType deviceType, int deviceIndex, bool non_blocking) =>
        Relinked(base._to(deviceType, deviceIndex, non_blocking));

    protected override nn.Module _to(ScalarType dtype, bool non_blocking) => Relinked(base._to(dtype, non_blocking));

    private nn.Module Relinked(nn.Module moved)
    {
        if (!WeightIsViewOfPaddedStorage) ViewWeightInPaddedStorage();
        return moved;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _paddedWeight?.Dispose();
        base.Dispose(disposing);
    }
}
