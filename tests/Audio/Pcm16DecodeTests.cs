using HumanClap.Audio;
using NAudio.Wave;

namespace HumanClap.Tests.Audio;

/// <summary>16-bit PCM WAV is converted by our own loop (NAudio's per-sample converter dominated decoding): the
/// samples must be NAudio's, bit for bit, whatever the channel count, length or truncation.</summary>
public sealed class Pcm16DecodeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("humanclap-pcm16-").FullName;
    public void Dispose() => Directory.Delete(_dir, true);

    private static float[] NAudioSamples(string path)
    {
        using var reader = new WaveFileReader(path);
        var provider = reader.ToSampleProvider();
        var all = new List<float>();
        var block = new float[4096 * reader.WaveFormat.Channels];
        int n;
        while ((n = provider.Read(block)) > 0) all.AddRange(block.AsSpan(0, n).ToArray());
        return all.ToArray();
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 100_003)]
    [InlineData(2, 70_001)]
    [InlineData(3, 5)]
    public void SamplesAreNAudiosBitForBit(int channels, int frames)
    {
        var path = Path.Combine(_dir, $"pcm_{channels}_{frames}.wav");
        var rng = new Random(frames);
        // Every code, extremes included: -32768 and 32767 are where a wrong scale or sign shows.
        RawWav.Write(path, 16_000, channels, RawWav.Format.Pcm16, frames,
            (i, c) => i < 2 ? (i == 0 ? -1.0 : 32767 / 32768.0) : rng.Next(-32768, 32768) / 32768.0);

        var expected = NAudioSamples(path);
        var ours = AudioLoader.LoadChannels(path);

        Assert.Equal(frames, ours.Channels[0].Length);
        for (int c = 0; c < channels; c++)
            for (int i = 0; i < frames; i++)
                Assert.Equal(BitConverter.SingleToInt32Bits(expected[i * channels + c]),
                    BitConverter.SingleToInt32Bits(ours.Channels[c][i]));
    }

    [Fact]
    public void AnOddDataChunkDropsTheHalfSampleAsNAudioDoes()
    {
        var path = Path.Combine(_dir, "odd.wav");
        RawWav.Write(path, 16_000, 1, RawWav.Format.Pcm16, 1001, (i, _) => Math.Sin(i * 0.1) * 0.5);
        // Declare one byte more than two bytes per sample and append it: 1001 whole samples and a half.
        var bytes = File.ReadAllBytes(path).Append((byte)0x7F).ToArray();
        BitConverter.GetBytes(1001 * 2 + 1).CopyTo(bytes, 40);
        BitConverter.GetBytes(bytes.Length - 8).CopyTo(bytes, 4);
        File.WriteAllBytes(path, bytes);

        var expected = NAudioSamples(path);
        var ours = AudioLoader.Load(path, new AudioLoadOptions { TargetSampleRate = 16_000 });

        Assert.Equal(1001, expected.Length);
        Assert.Equal(expected, ours);
    }
}
