using NAudio.Wave;
using NAudio.Wave.SampleProviders;
using HumanClap.Common;

namespace HumanClap.Audio;

/// <summary>
/// Loads an audio file as mono float samples at the target rate (48 kHz by default), ready for
/// <see cref="ClapFeatureExtractor"/>. WAV (PCM 8/16/24/32-bit, IEEE float) via NAudio, MP3 via NLayer,
/// OGG Vorbis via NVorbis. Channels are averaged; other rates are resampled with a 64-tap windowed sinc, by
/// default NAudio's WDL resampler streaming (bit for bit, by the faster port <see cref="WdlSincResampler"/>),
/// optionally the same filter as a polyphase filter (<see cref="ResamplerKind.Polyphase"/>). The file is decoded
/// block by block into one output buffer.
/// </summary>
public static class AudioLoader
{
    private const int BlockSamples = 1 << 16;

    /// <summary>Loads <paramref name="path"/>; see <see cref="AudioLoadOptions"/> for rate, length limit and int16
    /// round trip.</summary>
    /// <exception cref="AudioLoadException">Missing file, unreadable/truncated header, unsupported format,
    /// no samples, or NaN/Inf samples; the message names the file and the reason.</exception>
    public static float[] Load(string path, AudioLoadOptions? options = null)
    {
        options ??= new AudioLoadOptions();
        if (options.TargetSampleRate <= 0)
            throw new ArgumentOutOfRangeException(nameof(options),
                $"TargetSampleRate must be positive, got {options.TargetSampleRate}");
        if (options.MaxSeconds is double limit && !(limit > 0))
            throw new ArgumentOutOfRangeException(nameof(options), $"MaxSeconds must be positive, got {limit}");
        if (options.IntermediateRate is not null && options.Resampler != ResamplerKind.Torchaudio)
            throw new ArgumentException("an IntermediateRate needs the Torchaudio resampler", nameof(options));
        using var input = OpenLimited(path, options.MaxSeconds);
        var source = input.Provider;
        int channels = input.Channels, sourceRate = input.Rate;
        long? frames = input.Frames;
        if (channels > 1) source = new ChannelMixerSampleProvider(source, DownmixMatrix(channels, options.Downmix));
        var checkedSource = new FiniteCheckingSampleProvider(source, path);
        bool streamResample = sourceRate != options.TargetSampleRate && options.Resampler == ResamplerKind.WdlSinc;
        int outputRate = streamResample ? options.TargetSampleRate : sourceRate;
        ISampleProvider output = streamResample
            ? new WdlSincResampler(checkedSource, options.TargetSampleRate)
            : checkedSource;

        var (samples, count) = Decode(path, output, ExpectedOutput(frames, sourceRate, outputRate));
        if (count == 0) throw new AudioLoadException(path, "the file contains no audio samples");
        // The polyphase resampler reads the decoded span (it pads its own copy), so only the final array is trimmed.
        // Through an intermediate rate every file is resampled, one at the target rate too: the round trip's
        // low-pass is part of the protocol that asks for it (audioldm_eval).
        if (options.Resampler == ResamplerKind.Torchaudio
            && (outputRate != options.TargetSampleRate || options.IntermediateRate is not null))
            samples = ResampleTorchaudio(samples.AsSpan(0, count), sourceRate, options);
        else if (outputRate != options.TargetSampleRate)
            samples = PolyphaseResampler.ResampleWdlSinc(samples.AsSpan(0, count), sourceRate,
                options.TargetSampleRate);
        else if (count != samples.Length) Array.Resize(ref samples, count);
        ApplyLevel(samples, options.Level, path);
        if (options.QuantizeToInt16) QuantizeToInt16InPlace(samples);
        return samples;
    }

    private static float[] ResampleTorchaudio(ReadOnlySpan<float> samples, int sourceRate, AudioLoadOptions options)
    {
        using var scope = TorchSharp.torch.NewDisposeScope();
        var x = TorchSharp.torch.tensor(samples.ToArray());
        int rate = sourceRate;
        if (options.IntermediateRate is int via && via != rate)
            (x, rate) = (TorchaudioResampler.Resample(x, rate, via), via);
        return TorchaudioResampler.Resample(x, rate, options.TargetSampleRate).data<float>().ToArray();
    }

    /// <summary>The <see cref="LevelNormalisation"/> step, in float64 arithmetic (the toolkits' numpy does the same
    /// under NumPy 2's promotion rules).</summary>
    internal static void ApplyLevel(Span<float> samples, LevelNormalisation level, string path)
    {
        switch (level)
        {
            case LevelNormalisation.PeakMinus1Db:
                double peak = 0;
                foreach (var s in samples) peak = Math.Max(peak, Math.Abs(s));
                if (peak == 0)
                    throw new AudioLoadException(path, "the clip is silent: peak normalisation has no peak to scale");
                double gain = Math.Pow(10, -1.0 / 20) / peak;
                for (int i = 0; i < samples.Length; i++) samples[i] = (float)(samples[i] * gain);
                break;
            case LevelNormalisation.RemoveDc:
                double sum = 0;
                foreach (var s in samples) sum += s;
                float mean = (float)(sum / samples.Length);
                for (int i = 0; i < samples.Length; i++) samples[i] -= mean;
                break;
        }
    }

    /// <summary>The output length to pre-size the buffer for (0: unknown), with slack for the resampler.</summary>
    internal static long ExpectedOutput(long? frames, int sourceRate, int outputRate) =>
        frames is long n ? n * outputRate / sourceRate + 64 : 0;

    /// <summary>Opening can still fail after File.Exists: a dangling symlink exists as a link, a file may be unreadable
    /// (permissions) or vanish meanwhile. Those are the row's problem, not the batch's.</summary>
    private static AudioDecoders.Opened Open(string path)
    {
        try { return AudioDecoders.Open(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string why = e is FileNotFoundException or DirectoryNotFoundException ? "file not found (dangling link?)"
                : e is UnauthorizedAccessException ? "permission denied" : $"cannot open ({e.Message})";
            throw new AudioLoadException(path, why, e);
        }
    }

    /// <summary>An opened file with its format checked and, when <paramref name="maxSeconds"/> is set, a provider that
    /// stops decoding after that many seconds (the rest of the file is never read).</summary>
    private static OpenedInput OpenLimited(string path, double? maxSeconds)
    {
        if (!File.Exists(path)) throw new AudioLoadException(path, "file not found");
        var opened = Open(path);
        var source = opened.Provider;
        int channels = source.WaveFormat.Channels, rate = source.WaveFormat.SampleRate;
        if (channels < 1 || rate < 1)
        {
            opened.Owner.Dispose();
            throw new AudioLoadException(path, $"invalid header: {channels} channels at {rate} Hz");
        }
        long? frames = opened.FrameCount;
        if (maxSeconds is double seconds)
        {
            long maxFrames = (long)Math.Ceiling(seconds * rate);
            source = new OffsetSampleProvider(source)
            {
                TakeSamples = (int)Math.Min(int.MaxValue, maxFrames * channels),
            };
            frames = frames is long f ? Math.Min(f, maxFrames) : maxFrames;
        }
        return new OpenedInput(opened.Owner, source, channels, rate, frames);
    }

    private sealed record OpenedInput(IDisposable Owner, ISampleProvider Provider, int Channels, int Rate, long? Frames)
        : IDisposable
    {
        public void Dispose() => Owner.Dispose();
    }

    /// <summary>Reads everything; a decoder's own exception becomes an <see cref="AudioLoadException"/> naming the
    /// file.</summary>
    private static (float[] Samples, int Count) Decode(string path, ISampleProvider provider, long expected)
    {
        try { return ReadAll(provider, expected); }
        catch (AudioLoadException) { throw; }
        catch (Exception e) when (e is IOException or EndOfStreamException or InvalidDataException or FormatException
                                       or IndexOutOfRangeException or ArgumentException)
        {
            throw new AudioLoadException(path, $"decoding failed ({e.GetType().Name}: {e.Message})", e);
        }
    }

    /// <summary>
    /// Decodes <paramref name="path"/> at its own rate with its channels kept apart (no mixing, no resampling), for
    /// models whose preprocessing treats channels itself (msclap joins them end to end).
    /// </summary>
    /// <param name="maxSeconds">Reads at most this many seconds (null: the whole file).</param>
    /// <exception cref="AudioLoadException">as <see cref="Load"/>.</exception>
    public static DecodedAudio LoadChannels(string path, double? maxSeconds = null)
    {
        if (maxSeconds is double limit && !(limit > 0))
            throw new ArgumentOutOfRangeException(nameof(maxSeconds), $"maxSeconds must be positive, got {limit}");
        using var input = OpenLimited(path, maxSeconds);
        int channels = input.Channels;
        var (interleaved, count) = Decode(path, new FiniteCheckingSampleProvider(input.Provider, path),
            (input.Frames ?? 0) * channels);
        int n = count / channels;
        if (n == 0) throw new AudioLoadException(path, "the file contains no audio samples");
        var split = new float[channels][];
        for (int c = 0; c < channels; c++)
        {
            split[c] = new float[n];
            for (int i = 0; i < n; i++) split[c][i] = interleaved[i * channels + c];
        }
        return new DecodedAudio(split, input.Rate);
    }

    /// <summary>Round-trips through int16 like LAION's helper: clip to [-1, 1], x 32767, truncate toward zero,
    /// / 32767.</summary>
    public static void QuantizeToInt16InPlace(Span<float> samples)
    {
        for (int i = 0; i < samples.Length; i++)
        {
            float clipped = Math.Clamp(samples[i], -1f, 1f);
            samples[i] = (float)((short)(clipped * 32767f) / 32767.0);
        }
    }

    private static float[,] DownmixMatrix(int channels, ChannelDownmix downmix)
    {
        var m = new float[channels, 1];
        if (downmix == ChannelDownmix.FirstChannel) m[0, 0] = 1f;
        else for (int c = 0; c < channels; c++) m[c, 0] = 1f / channels;
        return m;
    }

    /// <summary>Reads blocks straight into one growing buffer, pre-sized from the header when the length is
    /// known. Internal, for the tests and the benchmark: a streaming resampler's output depends on this call
    /// pattern.</summary>
    internal static (float[] Buffer, int Count) ReadAll(ISampleProvider provider, long expected)
    {
        var buffer = new float[(int)Math.Clamp(expected, BlockSamples, Array.MaxLength)];
        // Reads ask for whole frames: NAudio's WAV reader refuses a byte count that is not a multiple of its block
        // (2 bytes x 3 channels does not divide 2^17).
        int frame = provider.WaveFormat.Channels, count = 0;
        while (true)
        {
            // Grow only when the buffer is full: the header-derived size (with slack) then holds the whole output,
            // so a bounded read allocates the output once (plus the final trim), not 1.5x more.
            if (buffer.Length - count < frame)
            {
                long grown = Math.Min(Array.MaxLength, (long)(buffer.Length * 1.5) + BlockSamples);
                if (grown <= buffer.Length) throw new UserInputException("audio longer than the largest .NET array");
                Array.Resize(ref buffer, (int)grown);
            }
            int request = Math.Min(BlockSamples, buffer.Length - count) / frame * frame;
            int read = provider.Read(buffer.AsSpan(count, request));
            if (read <= 0) return (buffer, count);
            count += read;
        }
    }

    /// <summary>Rejects NaN/Inf samples as they stream past (before resampling spreads them), reporting the
    /// time.</summary>
    private sealed class FiniteCheckingSampleProvider(ISampleProvider source, string path) : ISampleProvider
    {
        private long _position;
        public WaveFormat WaveFormat => source.WaveFormat;

        public int Read(Span<float> buffer)
        {
            int n = source.Read(buffer);
            for (int i = 0; i < n; i++)
            {
                if (!float.IsFinite(buffer[i]))
                {
                    long frame = (_position + i) / WaveFormat.Channels;
                    throw new AudioLoadException(path,
                        $"sample {frame} (t = {frame / (double)WaveFormat.SampleRate:F3} s) is {buffer[i]} " +
                        "(NaN/Inf samples are not allowed)");
                }
            }
            _position += n;
            return n;
        }
    }
}
