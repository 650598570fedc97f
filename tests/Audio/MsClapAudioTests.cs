using HumanClap.Audio;
using HumanClap.Tests.Model.MsClap;
using HumanClap.Tests.Support;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace HumanClap.Tests.Audio;

/// <summary>msclap's read → resample → join → repeat-pad / crop path against the waveforms msclap fed its
/// model.</summary>
public class MsClapAudioTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("tiny_2023", 308700)]
    [InlineData("tiny_2022", 220500)]
    public void PreparedWaveformsMatchMsclap(string name, int clipSamples)
    {
        using var scope = NewDisposeScope();
        var meta = MsClapMeta.Read(name);
        var expected = MsClapFixtures.Expected(name)["waveform"];
        var failures = new List<string>();
        for (int i = 0; i < meta.AudioFiles.Length; i++)
        {
            var actual = MsClapAudio.Load(meta.AudioFiles[i], clipSamples, new MsClapAudio.Crop(meta.CropOffsets[i]));
            var d = Fixtures.MaxAbsDiff(actual, expected[i]);
            output.WriteLine($"{Path.GetFileName(meta.AudioFiles[i]),-22} max |diff| = {d:E2}");
            if (!(d <= 1e-4)) failures.Add($"{meta.AudioFiles[i]}: {d:E3}");
        }
        Assert.True(failures.Count == 0, string.Join(", ", failures));
    }

    [Fact]
    public void ResamplerKeepsLengthRuleAndPassesEqualRates()
    {
        using var scope = NewDisposeScope();
        var x = randn(2, 16000);
        Assert.Equal(new long[] { 2, 44100 }, TorchaudioResampler.Resample(x, 16000, 44100).shape);
        Assert.Equal(new long[] { 2, 14700 }, TorchaudioResampler.Resample(x, 48000, 44100)[.., ..14700].shape);
        Assert.Equal(0.0, Fixtures.MaxAbsDiff(TorchaudioResampler.Resample(x, 44100, 44100), x));
        // ceil(new * n / orig): 3 samples at 48 kHz -> ceil(2.75625) = 3 at 44.1 kHz.
        Assert.Equal(3, TorchaudioResampler.Resample(randn(3), 48000, 44100).shape[0]);
    }

    [Fact]
    public void ShortClipsRepeatAndLongClipsCropDeterministically()
    {
        using var scope = NewDisposeScope();
        var ramp = arange(10, dtype: ScalarType.Float32);
        var padded = MsClapAudio.Fit(ramp, 25);
        Assert.Equal(new float[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4 },
            padded.data<float>().ToArray());
        var cropped = MsClapAudio.Fit(ramp, 4, new MsClapAudio.Crop(Offset: 3));
        Assert.Equal(new float[] { 3, 4, 5, 6 }, cropped.data<float>().ToArray());
        var a = MsClapAudio.Fit(ramp, 4).data<float>().ToArray();
        var b = MsClapAudio.Fit(ramp, 4).data<float>().ToArray();
        Assert.Equal(a, b);
        Assert.Throws<ArgumentException>(() => MsClapAudio.Fit(ramp, 4, new MsClapAudio.Crop(Offset: 6)));
    }

    [Fact]
    public void WindowsCoverTheWholeSignalAndEndAtItsEnd()
    {
        using var scope = NewDisposeScope();
        var ramp = arange(10, dtype: ScalarType.Float32);
        var windows = MsClapAudio.Windows(ramp, 4);
        Assert.Equal(new long[] { 3, 4 }, windows.shape);
        Assert.Equal(new float[] { 0, 1, 2, 3, 4, 5, 6, 7, 6, 7, 8, 9 }, windows.data<float>().ToArray());
        Assert.Equal(new long[] { 1, 25 }, MsClapAudio.Windows(ramp, 25).shape);
    }
}
