using static TorchSharp.torch;

namespace HumanClap.Audio;

/// <summary>
/// Extractor output for a batch: <see cref="InputFeatures"/> float32 (B, C, frames, mel) with C = 1 (rand_trunc)
/// or 4 (fusion), and <see cref="IsLonger"/> bool (B, 1), true for clips longer than the model window.
/// Owns its tensors.
/// </summary>
public sealed record AudioFeatures(Tensor InputFeatures, Tensor IsLonger) : IDisposable
{
    /// <summary>Disposes both tensors.</summary>
    public void Dispose()
    {
        InputFeatures.Dispose();
        IsLonger.Dispose();
    }
}
