namespace HumanClap.Audio;

/// <summary>
/// Triangular mel filter banks as Hugging Face's <c>audio_utils.mel_filter_bank</c> builds them
/// (triangles in Hz between mel-spaced edges, FFT bin centres linspace(0, sr/2, bins)),
/// optionally with Slaney area normalisation 2 / (f[i+2] - f[i]). Computed in float64.
/// </summary>
internal static class MelFilterBank
{
    private const double SlaneyMinLogHertz = 1000.0;
    private const double SlaneyMinLogMel = 15.0;
    private static readonly double SlaneyLogStep = 27.0 / Math.Log(6.4);

    /// <summary>Hertz to mel on the given scale.</summary>
    public static double HertzToMel(double hertz, MelScale scale) => scale switch
    {
        MelScale.Htk => 2595.0 * Math.Log10(1.0 + hertz / 700.0),
        _ => hertz >= SlaneyMinLogHertz
            ? SlaneyMinLogMel + Math.Log(hertz / SlaneyMinLogHertz) * SlaneyLogStep
            : 3.0 * hertz / 200.0,
    };

    /// <summary>Mel to hertz on the given scale (inverse of <see cref="HertzToMel"/>).</summary>
    public static double MelToHertz(double mel, MelScale scale) => scale switch
    {
        MelScale.Htk => 700.0 * (Math.Pow(10.0, mel / 2595.0) - 1.0),
        _ => mel >= SlaneyMinLogMel
            ? SlaneyMinLogHertz * Math.Exp((mel - SlaneyMinLogMel) / SlaneyLogStep)
            : 200.0 * mel / 3.0,
    };

    /// <summary>
    /// Builds the bank as a row-major array of shape
    /// (<paramref name="numFrequencyBins"/>, <paramref name="numMelFilters"/>), i.e. ready to right-multiply a
    /// (frames, bins) power spectrogram.
    /// </summary>
    public static double[,] Create(int numFrequencyBins, int numMelFilters, double minFrequency, double maxFrequency,
                                   int sampleRate, MelScale scale, bool slaneyNorm)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numFrequencyBins, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(numMelFilters, 1);
        if (!(minFrequency >= 0 && maxFrequency > minFrequency && maxFrequency <= sampleRate / 2.0))
            throw new ArgumentOutOfRangeException(nameof(maxFrequency),
                "need 0 <= frequency_min < frequency_max <= sampling_rate/2, " +
                $"got {minFrequency}, {maxFrequency}, {sampleRate}");

        double[] melEdges = Linspace(
            HertzToMel(minFrequency, scale), HertzToMel(maxFrequency, scale), numMelFilters + 2);
        double[] edges = melEdges.Select(m => MelToHertz(m, scale)).ToArray();
        double[] fftFreqs = Linspace(0, sampleRate / 2, numFrequencyBins); // integer division, as HF does

        var bank = new double[numFrequencyBins, numMelFilters];
        for (int m = 0; m < numMelFilters; m++)
        {
            double lower = edges[m], centre = edges[m + 1], upper = edges[m + 2];
            double norm = slaneyNorm ? 2.0 / (upper - lower) : 1.0;
            for (int k = 0; k < numFrequencyBins; k++)
            {
                double down = (fftFreqs[k] - lower) / (centre - lower);
                double up = (upper - fftFreqs[k]) / (upper - centre);
                bank[k, m] = Math.Max(0.0, Math.Min(down, up)) * norm;
            }
        }
        return bank;
    }

    /// <summary>numpy.linspace semantics: start + i * step, with the last point exactly
    /// <paramref name="stop"/>.</summary>
    private static double[] Linspace(double start, double stop, int count)
    {
        var result = new double[count];
        double step = (stop - start) / (count - 1);
        for (int i = 0; i < count; i++) result[i] = start + i * step;
        result[count - 1] = stop;
        return result;
    }
}
