namespace HumanClap.Audio;

/// <summary>Mel frequency scales used by CLAP's two filter banks.</summary>
public enum MelScale
{
    /// <summary>HTK: mel = 2595 log10(1 + f / 700) (torchaudio's default; CLAP's fusion bank).</summary>
    Htk,
    /// <summary>Slaney (Auditory Toolbox): linear below 1 kHz, logarithmic above (librosa's default; CLAP's
    /// rand_trunc bank).</summary>
    Slaney,
}
