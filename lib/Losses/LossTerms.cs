using static TorchSharp.torch;

namespace HumanClap.Losses;

/// <summary>The loss terms of one batch; <see cref="Total"/> is what is minimised.</summary>
public sealed record LossTerms(Tensor Total, Tensor Wsce, Tensor Mse, Tensor Mae);
