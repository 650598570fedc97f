using NAudio.Dsp;
using NAudio.Wave;

namespace HumanClap.Audio;

/// <summary>
/// Resamples with NAudio's <see cref="WdlResampler"/> in its windowed-sinc mode (64 taps, Blackman-Harris,
/// 32x interpolated table). NAudio's own <c>WdlResamplingSampleProvider</c> hard-codes the resampler's
/// linear-interpolation + IIR mode, whose roll-off starts well inside the passband (16 kHz -> 48 kHz: a 5 kHz
/// tone comes out at less than half its amplitude; 44.1 kHz -> 48 kHz: 12 kHz at two thirds), unlike the
/// band-limited resampling of librosa that LAION's CLAP was trained with.
/// <para>AudioLoader now uses <see cref="WdlSincResampler"/>, a faster port with the same output bit for bit; this
/// class drives NAudio's own code and is kept as the reference the tests compare it with.</para>
/// </summary>
internal sealed class SincResamplingSampleProvider : ISampleProvider
{
    private readonly WdlResampler _resampler = new();
    private readonly ISampleProvider _source;
    private readonly int _channels;

    public SincResamplingSampleProvider(ISampleProvider source, int newSampleRate)
    {
        _source = source;
        _channels = source.WaveFormat.Channels;
        WaveFormat = WaveFormat.CreateIeeeFloatWaveFormat(newSampleRate, _channels);
        _resampler.SetMode(interp: false, filtercnt: 0, sinc: true, sinc_size: 64, sinc_interpsize: 32);
        _resampler.SetFeedMode(false);
        _resampler.SetRates(source.WaveFormat.SampleRate, newSampleRate);
    }

    public WaveFormat WaveFormat { get; }

    public int Read(Span<float> buffer)
    {
        int framesWanted = buffer.Length / _channels;
        if (framesWanted == 0) return 0;
        int framesIn = _resampler.ResamplePrepare(framesWanted, _channels, out Span<float> inBuffer);
        int got = _source.Read(inBuffer[..(framesIn * _channels)]) / _channels;
        int framesOut = _resampler.ResampleOut(buffer, got, framesWanted, _channels);
        return framesOut * _channels;
    }
}
