using static TorchSharp.torch;

namespace HumanClap.Audio;

/// <summary>
/// msclap's audio preprocessing (<c>read_audio</c> + <c>load_audio_into_tensor</c>): every channel resampled to
/// 44.1 kHz with torchaudio's sinc resampler, the channels joined end to end (left then right: a 4 s stereo file
/// becomes 8 s of samples), then a clip of exactly <c>clipSamples</c>: shorter or equal input is repeated
/// ceil(T/L) times and cut to T (no zeros), longer input is cropped at an offset.
/// <para>msclap draws the crop offset with Python's unseeded <c>random.randrange(L − T)</c>. HumanClap's default
/// is deterministic: offset = <c>new Random(seed).NextInt64(L − T)</c> (seed 0 unless given), so a clip scores the
/// same in every run and in any batch; an explicit offset (e.g. a reference run's) overrides it.</para>
/// </summary>
internal static class MsClapAudio
{
    public const int SampleRate = 44100;

    /// <summary>How to place a clip longer than the model's window.</summary>
    /// <param name="Offset">Start sample in the joined, resampled signal; null draws it from
    /// <paramref name="Seed"/>.</param>
    public sealed record Crop(long? Offset = null, int Seed = 0);

    /// <summary>Decodes and prepares <paramref name="path"/>.</summary>
    /// <param name="maxSeconds">Decode at most this much of the file (msclap reads it all; a bound keeps memory
    /// fixed for very long recordings, and the crop then falls within the part read).</param>
    /// <returns>(clipSamples) float32 at 44.1 kHz.</returns>
    public static Tensor Load(string path, int clipSamples, Crop? crop = null, double? maxSeconds = null)
    {
        var audio = AudioLoader.LoadChannels(path, maxSeconds);
        try { return Prepare(audio, clipSamples, crop); }
        catch (ArgumentException e) { throw new AudioLoadException(path, e.Message, e); }
    }

    /// <summary>Resamples, joins and repeat-pads or crops decoded audio as msclap does.</summary>
    public static Tensor Prepare(DecodedAudio audio, int clipSamples, Crop? crop = null)
    {
        using var scope = NewDisposeScope();
        return Fit(Join(audio), clipSamples, crop).MoveToOuterDisposeScope();
    }

    /// <summary>Every channel resampled to 44.1 kHz, then the channels one after the other (msclap's
    /// flatten).</summary>
    public static Tensor Join(DecodedAudio audio)
    {
        int channels = audio.Channels.Length, frames = audio.Frames;
        var data = new float[(long)channels * frames];
        for (int c = 0; c < channels; c++) audio.Channels[c].CopyTo(data, (long)c * frames);
        using var stacked = tensor(data, new long[] { channels, frames });
        using var resampled = TorchaudioResampler.Resample(stacked, audio.SampleRate, SampleRate);
        return resampled.reshape(-1).clone();
    }

    /// <summary>
    /// HumanClap's alternative to a single crop, <b>not msclap's</b>: the whole joined signal as ⌈L/T⌉ windows of T
    /// samples (the last one ending at the signal's end, so it may overlap its neighbour); a signal of at most T
    /// samples is one repeat-padded window. Embeddings of the windows are then averaged.
    /// </summary>
    /// <returns>(windows, T)</returns>
    public static Tensor Windows(Tensor joined, int clipSamples)
    {
        long length = joined.shape[0];
        if (length <= clipSamples) return Fit(joined, clipSamples).unsqueeze(0);
        long count = (length + clipSamples - 1) / clipSamples;
        var starts = Enumerable.Range(0, (int)count).Select(i => Math.Min((long)i * clipSamples, length - clipSamples));
        return stack(starts.Select(s => joined[(int)s..(int)(s + clipSamples)]).ToArray());
    }

    /// <summary>Repeat-pads (L ≤ T) or crops (L &gt; T) a joined signal to exactly T samples.</summary>
    public static Tensor Fit(Tensor joined, int clipSamples, Crop? crop = null)
    {
        long length = joined.shape[0];
        if (length == 0) throw new ArgumentException("the audio has no samples");
        if (length <= clipSamples)
        {
            long repeats = (clipSamples + length - 1) / length;
            return joined.repeat(repeats)[..clipSamples].clone();
        }
        long offset = CropOffset(length, clipSamples, crop ?? new Crop());
        return joined[(int)offset..(int)(offset + clipSamples)].clone();
    }

    /// <summary>The crop start for a signal of <paramref name="length"/> samples, in [0, length − T).</summary>
    public static long CropOffset(long length, int clipSamples, Crop crop)
    {
        long range = length - clipSamples;
        if (crop.Offset is long given)
        {
            if (given < 0 || given >= range)
                throw new ArgumentException($"crop offset {given} is outside [0, {range}) for {length} samples");
            return given;
        }
        return new Random(crop.Seed).NextInt64(range);
    }
}
