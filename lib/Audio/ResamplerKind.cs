namespace HumanClap.Audio;

/// <summary>Resamplers with the same frequency response (64-tap Blackman-Harris windowed sinc).</summary>
public enum ResamplerKind
{
    /// <summary>NAudio's WDL resampler in sinc mode, streaming block by block, taps interpolated from a table; a
    /// delay of a few output samples. Computed by <see cref="WdlSincResampler"/>, which gives NAudio's
    /// <see cref="SincResamplingSampleProvider"/> output bit for bit, several times faster.</summary>
    WdlSinc,
    /// <summary><see cref="PolyphaseResampler.ResampleWdlSinc"/>: the whole clip at once, SIMD and parallel,
    /// no delay.</summary>
    Polyphase,
    /// <summary><see cref="TorchaudioResampler"/>: torchaudio's Hann-windowed sinc with its defaults, as msclap and
    /// audioldm_eval resample.</summary>
    Torchaudio,
}
