using NAudio.Utils;
using NAudio.Wave;

namespace HumanClap.Audio;

/// <summary>Sample encodings <see cref="AudioWriter"/> can write.</summary>
internal enum WavSampleFormat
{
    /// <summary>16-bit signed PCM.</summary>
    Pcm16,
    /// <summary>24-bit signed PCM.</summary>
    Pcm24,
    /// <summary>32-bit IEEE float.</summary>
    Float32,
}

/// <summary>Writes WAV files with NAudio's <see cref="WaveFileWriter"/> (tests, synthetic data).</summary>
internal static class AudioWriter
{
    /// <summary>Writes mono 16-bit PCM; samples are clipped to [-1, 1].</summary>
    public static void WriteWav16(string path, float[] samples, int sampleRate) =>
        Write(path, samples, sampleRate, 1, WavSampleFormat.Pcm16);

    /// <summary>Writes mono 32-bit float samples unchanged (NaN/Inf included).</summary>
    public static void WriteWavFloat(string path, float[] samples, int sampleRate) =>
        Write(path, samples, sampleRate, 1, WavSampleFormat.Float32);

    /// <summary>Mono 16-bit PCM WAV in memory (an audio player's data URI); samples are clipped to [-1, 1].</summary>
    public static byte[] Wav16Bytes(float[] samples, int sampleRate)
    {
        using var memory = new MemoryStream();
        using (var writer = new WaveFileWriter(new IgnoreDisposeStream(memory), new WaveFormat(sampleRate, 16, 1)))
            WriteBlocks(writer, samples, WavSampleFormat.Pcm16);
        return memory.ToArray();
    }

    /// <summary>
    /// Writes interleaved samples (<paramref name="channels"/> per frame). PCM formats clip to [-1, 1]
    /// first, because NAudio's float-to-integer conversion would otherwise wrap around.
    /// </summary>
    public static void Write(
        string path, ReadOnlySpan<float> interleaved, int sampleRate, int channels, WavSampleFormat format)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        if (interleaved.Length % channels != 0)
            throw new ArgumentException(
                $"{interleaved.Length} samples is not a whole number of {channels}-channel frames",
                nameof(interleaved));

        var waveFormat = format switch
        {
            WavSampleFormat.Pcm16 => new WaveFormat(sampleRate, 16, channels),
            WavSampleFormat.Pcm24 => new WaveFormat(sampleRate, 24, channels),
            _ => WaveFormat.CreateIeeeFloatWaveFormat(sampleRate, channels),
        };
        // A span cannot enter the writer lambda: copied once into an array.
        var samples = interleaved.ToArray();
        HumanClap.Common.AtomicFile.Write(path, stream =>
        {
            using var writer = new WaveFileWriter(new IgnoreDisposeStream(stream), waveFormat);
            WriteBlocks(writer, samples, format);
        });
    }

    private static void WriteBlocks(WaveFileWriter writer, float[] interleaved, WavSampleFormat format)
    {
        var block = new float[Math.Min(interleaved.Length, 1 << 16)];
        for (int start = 0; start < interleaved.Length; start += block.Length)
        {
            int n = Math.Min(block.Length, interleaved.Length - start);
            var src = interleaved.AsSpan(start, n);
            if (format == WavSampleFormat.Float32) src.CopyTo(block);
            else for (int i = 0; i < n; i++) block[i] = Math.Clamp(src[i], -1f, 1f);
            writer.WriteSamples(block, 0, n);
        }
    }
}
