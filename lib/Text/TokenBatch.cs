using TorchSharp;
using static TorchSharp.torch;

namespace HumanClap.Text;

/// <summary>How a batch of token sequences is padded.</summary>
public enum TextPadding
{
    /// <summary>Pad every row to the fixed maximum length (77 for CLAP), as LAION does.</summary>
    MaxLength,
    /// <summary>Pad every row to the longest sequence in the batch (after truncation).</summary>
    Longest,
}

/// <summary>
/// Token ids and attention mask of a batch of texts, both int64 of shape (B, L).
/// Owns its tensors: dispose it (or move the tensors out) when done.
/// </summary>
public sealed record TokenBatch(Tensor InputIds, Tensor AttentionMask) : IDisposable
{
    /// <summary>Disposes both tensors.</summary>
    public void Dispose()
    {
        InputIds.Dispose();
        AttentionMask.Dispose();
    }
}
