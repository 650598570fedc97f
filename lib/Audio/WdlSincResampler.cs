using System.Runtime.CompilerServices;
using NAudio.Wave;

namespace HumanClap.Audio;

/// <summary>
/// Mono resampling that gives NAudio's <see cref="NAudio.Dsp.WdlResampler"/> output bit for bit, as
/// <see cref="SincResamplingSampleProvider"/> drives it (sinc mode, 64 taps, 32x interpolated table, output-driven),
/// only faster. A port of the behaviour of Cockos WDL's resampler as shipped in NAudio (NAudio.Core 3.3.0):
/// the same filter table, the same source-position sequence (<c>pos += ratio</c> in double within a read, the
/// fractional part carried to the next), the same buffer bookkeeping (31 zeros of latency padding up front, zero
/// padding and a latency-sized retraction when a read comes back short) and, per output sample, the same
/// arithmetic in the same order (<see cref="WdlSincKernel"/>). What differs is how the outputs are computed: the
/// positions are stepped first, sequentially (cheap), noting each chunk's start; then the chunks' 64-tap sums, several
/// outputs side by side, in parallel. Every output depends only on its own position and the input, so the result
/// does not depend on the thread count.
/// </summary>
internal sealed unsafe class WdlSincResampler : ISampleProvider
{
    /// <summary>Outputs per parallel work item: enough to amortise scheduling (~0.1 ms of sums each), few enough
    /// that a 65536-sample block splits over the cores.</summary>
    private const int ChunkOutputs = 4096;

    private readonly ISampleProvider _source;
    private readonly double _ratio;
    private readonly WdlSincKernel _kernel;
    private float[] _input = [];
    private int _samplesInInput;
    private int _lastRequested;
    private double _fracpos;
    /// <summary>WDL's source position at the first output of each chunk of the current read.</summary>
    private double[] _chunkStarts = [];

    /// <param name="vectorized">false forces the scalar kernel, as on a machine without AVX (for the tests).</param>
    public WdlSincResampler(ISampleProvider source, int newSampleRate, bool vectorized = true)
    {
        if (source.WaveFormat.Channels != 1)
            throw new ArgumentException($"mono input only, got {source.WaveFormat.Channels} channels", nameof(source));
        _source = source;
        WaveFormat = WaveFormat.CreateIeeeFloatWaveFormat(newSampleRate, 1);
        // WDL clamps rates below 1 to 1 and keeps the ratio in double.
        _ratio = Math.Max(1.0, source.WaveFormat.SampleRate) / Math.Max(1.0, newSampleRate);
        _kernel = new WdlSincKernel(_ratio > 1.0 ? 1.0 / (_ratio * 1.03) : 1.0, vectorized);
    }

    public WaveFormat WaveFormat { get; }

    /// <summary>One WDL prepare/read/resample round, as <see cref="SincResamplingSampleProvider.Read"/>.</summary>
    public int Read(Span<float> buffer)
    {
        if (buffer.Length == 0) return 0;
        var input = Prepare(buffer.Length);
        int got = _source.Read(input);
        return Resample(buffer, got, buffer.Length);
    }

    /// <summary>WDL's ResamplePrepare: pads the buffer to the filter's latency (on the first call, or when a flush
    /// left fewer than 31 samples, which WDL then replaces by zeros) and asks for enough input for
    /// <paramref name="outputs"/> samples plus the filter length.</summary>
    private Span<float> Prepare(int outputs)
    {
        const int latencyPad = WdlSincKernel.Taps / 2 - 1;
        if (_samplesInInput < latencyPad)
        {
            EnsureCapacity(latencyPad);
            Array.Clear(_input, 0, latencyPad);
            _samplesInInput = latencyPad;
        }
        int wanted = Math.Max(0, (int)(_ratio * outputs) + 4 + WdlSincKernel.Taps - _samplesInInput);
        EnsureCapacity(_samplesInInput + wanted);
        _lastRequested = wanted;
        return _input.AsSpan(_samplesInInput, wanted);
    }

    /// <summary>WDL's ResampleOut for one channel. A short read (<paramref name="got"/> below the request) flushes:
    /// zeros are appended, and the outputs that would lie beyond the input's end plus the filter latency are taken
    /// back.</summary>
    private int Resample(Span<float> output, int got, int outputs)
    {
        _samplesInInput += Math.Min(got, _lastRequested);
        int available = _samplesInInput;
        if (got < _lastRequested)
        {
            int pad = (_lastRequested - got) * 2 + WdlSincKernel.Taps * 2;
            EnsureCapacity(_samplesInInput + pad);
            Array.Clear(_input, _samplesInInput, pad);
            available = _samplesInInput + pad;
        }
        var (count, pos) = Positions(outputs, available);
        if (count > 0 && available > _samplesInInput) (count, pos) = Retract(count, pos);
        Compute(output[..count]);
        Consume(pos);
        return count;
    }

    /// <summary>Steps WDL's source position <c>pos += ratio</c> from the carried fraction until the filter would
    /// read past <paramref name="available"/>: the number of outputs and the end position, noting where each chunk
    /// starts (the kernel steps again from there, by the same additions).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (int Count, double Pos) Positions(int outputs, int available)
    {
        int chunks = (outputs + ChunkOutputs - 1) / ChunkOutputs;
        if (_chunkStarts.Length < chunks) _chunkStarts = new double[chunks];
        int limit = available - WdlSincKernel.Taps - 1;
        double pos = _fracpos;
        int count = 0;
        for (int c = 0; c < chunks; c++)
        {
            _chunkStarts[c] = pos;
            for (int end = Math.Min(outputs, count + ChunkOutputs); count < end; count++, pos += _ratio)
                if ((int)pos >= limit) return (count, pos);
        }
        return (count, pos);
    }

    /// <summary>After a flush WDL drops the outputs past the real input's end plus the filter latency (rounded) and
    /// steps the position back over them.</summary>
    private (int Count, double Pos) Retract(int count, double pos)
    {
        const int latency = WdlSincKernel.Taps / 2 - 1;
        double excess = (pos - _samplesInInput + latency) / _ratio;
        if (!(excess > 0)) return (count, pos);
        int drop = Math.Min((int)(excess + 0.5), count);
        pos -= drop * _ratio;
        return (count - drop, pos < 0 ? 0 : pos);
    }

    /// <summary>Drops the consumed input whole samples and carries the fraction, as WDL does.</summary>
    private void Consume(double pos)
    {
        int consumed = Math.Min((int)pos, _samplesInInput);
        _fracpos = pos - consumed;
        _samplesInInput -= consumed;
        if (_samplesInInput <= 0) _samplesInInput = 0;
        else Array.Copy(_input, consumed, _input, 0, _samplesInInput);
    }

    /// <summary>Fills <paramref name="output"/> chunk by chunk from the noted start positions, in parallel when
    /// there is more than one chunk.</summary>
    private void Compute(Span<float> output)
    {
        int count = output.Length;
        if (count <= ChunkOutputs)
        {
            if (count > 0) _kernel.Compute(_input, _chunkStarts[0], _ratio, output);
            return;
        }
        fixed (float* pinned = output)
        {
            nint address = (nint)pinned; // a pointer cannot be captured by the lambda; its address can
            int chunks = (count + ChunkOutputs - 1) / ChunkOutputs;
            Parallel.For(0, chunks, c =>
            {
                int from = c * ChunkOutputs, n = Math.Min(ChunkOutputs, count - from);
                _kernel.Compute(_input, _chunkStarts[c], _ratio, new Span<float>((float*)address + from, n));
            });
        }
    }

    /// <summary>Grows the input buffer keeping its samples; contents past <see cref="_samplesInInput"/> never matter
    /// (the source overwrites them, or a flush zeroes them), so WDL's exact-size resizing need not be copied.
    /// </summary>
    private void EnsureCapacity(int samples)
    {
        if (_input.Length >= samples) return;
        var grown = new float[Math.Max(samples, _input.Length + _input.Length / 2)];
        _input.AsSpan(0, _samplesInInput).CopyTo(grown);
        _input = grown;
    }
}
