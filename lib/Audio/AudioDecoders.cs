using System.Runtime.InteropServices;
using NAudio.Wave;
using NLayer;
using NVorbis;

namespace HumanClap.Audio;

/// <summary>Opens a file with the decoder that matches its content and exposes it as an NAudio sample
/// provider.</summary>
internal static class AudioDecoders
{
    internal enum Container { Wav, Mp3, Ogg }

    /// <summary>An open decoder: interleaved float samples plus the resource to dispose.</summary>
    internal sealed record Opened(ISampleProvider Provider, IDisposable Owner, long? FrameCount);

    /// <summary>Decides the container from the magic bytes, falling back to the extension.</summary>
    internal static Container Detect(string path)
    {
        var head = new byte[12];
        int n;
        using (var fs = File.OpenRead(path)) n = fs.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        bool Starts(string magic) =>
            n >= magic.Length && head.AsSpan(0, magic.Length).SequenceEqual(System.Text.Encoding.ASCII.GetBytes(magic));

        if (Starts("RIFF") || Starts("RF64")) return Container.Wav;
        if (Starts("OggS")) return Container.Ogg;
        if (Starts("ID3") || (n >= 2 && head[0] == 0xFF && (head[1] & 0xE0) == 0xE0)) return Container.Mp3;
        // Unrecognised content: trust a known extension so a damaged file reports a header problem.
        return System.IO.Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".wav" or ".wave" => Container.Wav,
            // NLayer hunts for a frame sync anywhere and decodes whatever it finds, so random bytes named .mp3
            // would "decode" to a few frames of noise: a real MP3 starts with an ID3 tag or a frame header.
            ".mp3" => throw new AudioLoadException(path,
                "not an MP3 file: it starts with neither an ID3 tag nor an MPEG frame header " +
                $"(content starts with {Convert.ToHexString(head, 0, Math.Min(n, 4))})"),
            ".ogg" or ".oga" => Container.Ogg,
            _ => throw new AudioLoadException(path,
                $"unsupported format (content starts with {Convert.ToHexString(head, 0, Math.Min(n, 4))}; " +
                "supported: WAV, MP3, OGG Vorbis)"),
        };
    }

    internal static Opened Open(string path)
    {
        var container = Detect(path);
        return container switch
        {
            Container.Wav => OpenWav(path),
            Container.Mp3 => OpenWith(path, "MP3", () => new MpegFile(path), f => new MpegProvider(f), _ => null),
            _ => OpenWith(path, "OGG Vorbis", () => new VorbisReader(path), r => new VorbisProvider(r),
                r => r.TotalSamples),
        };
    }

    private static Opened OpenWav(string path)
    {
        WaveFileReader reader;
        try { reader = new WaveFileReader(path); }
        catch (Exception e) when (e is FormatException or EndOfStreamException or IOException or InvalidDataException
                                       or ArgumentException or NotSupportedException)
        {
            throw new AudioLoadException(path, $"unreadable or truncated WAV header ({e.Message})", e);
        }
        try
        {
            var provider = reader.WaveFormat is { Encoding: WaveFormatEncoding.Pcm, BitsPerSample: 16 }
                ? new Pcm16Provider(reader)
                : reader.ToSampleProvider();
            return new Opened(provider, reader, reader.SampleCount);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or InvalidOperationException)
        {
            var f = reader.WaveFormat;
            reader.Dispose();
            throw new AudioLoadException(path,
                $"unsupported WAV encoding {f.Encoding}, {f.BitsPerSample} bits " +
                "(supported: PCM 8/16/24/32-bit, IEEE float)", e);
        }
    }

    private static Opened OpenWith<T>(string path, string kind, Func<T> open, Func<T, ISampleProvider> wrap,
                                      Func<T, long?> frameCount)
        where T : IDisposable
    {
        T decoder;
        try { decoder = open(); }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new AudioLoadException(path, $"unreadable or truncated {kind} header ({e.Message})", e);
        }
        try { return new Opened(wrap(decoder), decoder, frameCount(decoder)); }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            decoder.Dispose();
            throw new AudioLoadException(path, $"unreadable {kind} stream ({e.Message})", e);
        }
    }

    /// <summary>NLayer's MpegFile as a sample provider (NLayer reads into arrays, so a block buffer is
    /// reused).</summary>
    private sealed class MpegProvider(MpegFile file) : ISampleProvider
    {
        private float[] _block = [];
        public WaveFormat WaveFormat { get; } = WaveFormat.CreateIeeeFloatWaveFormat(file.SampleRate, file.Channels);

        public int Read(Span<float> buffer)
        {
            if (_block.Length < buffer.Length) _block = new float[buffer.Length];
            int n = file.ReadSamples(_block, 0, buffer.Length);
            _block.AsSpan(0, n).CopyTo(buffer);
            return n;
        }
    }

    /// <summary>16-bit PCM as NAudio's Pcm16BitToSampleProvider gives it (the same request to the reader, the same
    /// count back, each sample / 32768), without its per-sample BitConverter call: it took most of a WAV's decode
    /// time.</summary>
    private sealed class Pcm16Provider(WaveStream reader) : ISampleProvider
    {
        private byte[] _bytes = [];
        public WaveFormat WaveFormat { get; } =
            WaveFormat.CreateIeeeFloatWaveFormat(reader.WaveFormat.SampleRate, reader.WaveFormat.Channels);

        public int Read(Span<float> buffer)
        {
            if (_bytes.Length < buffer.Length * 2) _bytes = new byte[buffer.Length * 2];
            int got = reader.Read(_bytes.AsSpan(0, buffer.Length * 2));
            var pcm = MemoryMarshal.Cast<byte, short>(_bytes.AsSpan(0, got / 2 * 2));
            var output = buffer[..pcm.Length];
            for (int i = 0; i < output.Length; i++) output[i] = pcm[i] / 32768f;
            return pcm.Length;
        }
    }

    private sealed class VorbisProvider(VorbisReader reader) : ISampleProvider
    {
        public WaveFormat WaveFormat { get; } =
            WaveFormat.CreateIeeeFloatWaveFormat(reader.SampleRate, reader.Channels);
        public int Read(Span<float> buffer) => reader.ReadSamples(buffer);
    }
}
