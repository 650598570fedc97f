using HumanClap.Audio;
using Plotly.NET;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;

namespace HumanClap.Reporting;

/// <summary>Figures of audio clips for the notebooks: the waveform envelope and the log-mel spectrogram the CLAP
/// extractor feeds the model (so the picture is exactly the model's input).</summary>
public static class AudioFigures
{
    /// <summary>Min/max envelope per column (a few hundred points, not one per sample, so pages stay small).</summary>
    public static GenericChart Waveform(float[] samples, int sampleRate, string title, int columns = 400)
    {
        int per = Math.Max(1, samples.Length / columns);
        var times = new List<double>();
        var low = new List<double>();
        var high = new List<double>();
        for (int start = 0; start < samples.Length; start += per)
        {
            var span = samples.AsSpan(start, Math.Min(per, samples.Length - start));
            float mn = float.MaxValue, mx = float.MinValue;
            foreach (var v in span) { mn = Math.Min(mn, v); mx = Math.Max(mx, v); }
            // Rounded: the picture is the same and the chart's JSON half the size.
            times.Add(Math.Round((double)start / sampleRate, 4));
            low.Add(Math.Round(mn, 4));
            high.Add(Math.Round(mx, 4));
        }
        var chart = Chart.Combine([
            Chart.Line<double, double, string>(times, high, Name: "max"),
            Chart.Line<double, double, string>(times, low, Name: "min"),
        ])
            .WithXAxisStyle<double, double, string>(TitleText: "time (s)")
            .WithYAxisStyle<double, double, string>(TitleText: "amplitude");
        return Plotly.NET.Chart.withTitle(title, null).Invoke(chart);
    }

    /// <summary>The extractor's log-mel features (dB) of one clip at the extractor's rate, frames on x, mel bins on y.
    /// Frames are averaged in groups down to at most <paramref name="maxColumns"/> columns and values rounded to
    /// 1 dB: the picture looks the same and the chart stays ~50 kB instead of ~1 MB (notebooks stay small).</summary>
    public static GenericChart MelSpectrogram(ClapFeatureExtractor extractor, float[] samples48k, string title,
        int maxColumns = 160)
    {
        using var features = extractor.Extract([samples48k]);
        using var mel = features.InputFeatures[0, 0];          // (frames, mel bins) of the first channel
        var data = mel.to(TorchSharp.torch.ScalarType.Float64).data<double>().ToArray();
        int frames = (int)mel.shape[0], bins = (int)mel.shape[1];
        int per = (frames + maxColumns - 1) / maxColumns, columns = (frames + per - 1) / per;
        var z = Enumerable.Range(0, bins).Select(b => Enumerable.Range(0, columns).Select(c =>
        {
            int first = c * per, count = Math.Min(per, frames - first);
            double sum = 0;
            for (int f = first; f < first + count; f++) sum += data[f * bins + b];
            return Math.Round(sum / count);
        }).ToArray()).ToArray();
        var x = Enumerable.Range(0, columns).Select(c => c * per).ToArray();
        var chart = Chart.Heatmap<double, int, int, string>(zData: z, X: x, Y: Enumerable.Range(0, bins).ToArray(),
                ColorScale: StyleParam.Colorscale.Viridis)
            .WithXAxisStyle<double, double, string>(TitleText: "frame (10 ms)")
            .WithYAxisStyle<double, double, string>(TitleText: "mel bin");
        return Plotly.NET.Chart.withTitle(title, null).Invoke(chart);
    }
}
