using HumanClap.Common;

namespace HumanClap.Audio;

/// <summary>How audio longer than the model window is handled (<c>truncation</c> in preprocessor_config.json).
/// </summary>
public enum TruncationMode
{
    /// <summary><c>fusion</c>: 4 channels (whole clip squeezed + 3 chunks), HTK mel bank.</summary>
    Fusion,
    /// <summary><c>rand_trunc</c>: one random 10 s crop, Slaney mel bank.</summary>
    RandTrunc,
}
