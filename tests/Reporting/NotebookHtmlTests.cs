using Deedle;
using HumanClap.Audio;
using HumanClap.Reporting;
using HumanClap.Scoring;

namespace HumanClap.Tests.Reporting;

/// <summary>The HTML the notebook extension shows: bounded tables, escaped text, a player that plays what the
/// library decodes.</summary>
public class NotebookHtmlTests
{
    [Fact]
    public void Score_rows_are_a_table_with_escaped_text_and_the_error_column()
    {
        var html = HtmlTable.ScoredPairs([
            new ScoredPair(0, "/data/a.wav", "<b>dogs</b> & cats", 0.25, 0.25, null),
            new ScoredPair(1, "/data/b.wav", "rain", null, null, "file not found"),
        ]);
        Assert.Contains("<td>a.wav</td><td>&lt;b&gt;dogs&lt;/b&gt; &amp; cats</td><td>0.2500</td>", html);
        Assert.Contains("<td>file not found</td>", html);
        Assert.DoesNotContain("rows shown", html);
    }

    [Fact]
    public void A_frame_shows_at_most_the_row_limit_and_counts_the_rest()
    {
        var frame = Frame.FromRecords(Enumerable.Range(0, 50).Select(i => new { Id = i, Score = i / 10.0 }));
        var html = HtmlTable.Frame(frame, maxRows: 5);
        Assert.Equal(5 + 1, html.Split("<tr>").Length - 1); // header + 5 rows
        Assert.Contains("5 of 50 rows shown", html);
        Assert.Contains("<td>4.9</td>", HtmlTable.Frame(frame, maxRows: 50));
    }

    [Fact]
    public void A_series_is_a_key_value_table()
    {
        var html = HtmlTable.Series(new Series<string, double>(["a", "b"], [1.5, 2.5]));
        Assert.Contains("<td>a</td><td>1.5</td>", html);
        Assert.Contains("<td>b</td><td>2.5</td>", html);
    }

    [Fact]
    public void A_clip_is_a_player_of_a_16_kHz_preview_with_caption_and_ratings()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("humanclap-clip-").FullName, "tone.wav");
        var tone = Enumerable.Range(0, 44_100 * 2).Select(i => 0.5f * MathF.Sin(i * 0.05f)).ToArray();
        AudioWriter.WriteWav16(path, tone, 44_100);
        var html = new AudioClip(path, "a <tone>", [7, 8]) { PreviewSeconds = 1 }.ToHtml();
        const string prefix = "data:audio/wav;base64,";
        var start = html.IndexOf(prefix, StringComparison.Ordinal) + prefix.Length;
        var wav = Convert.FromBase64String(html[start..html.IndexOf('"', start)]);
        Assert.Equal(AudioClip.PreviewSampleRate, BitConverter.ToInt32(wav, 24)); // the fmt chunk's sample rate
        var samples = (wav.Length - 44) / 2; // 16-bit mono after the header
        Assert.InRange(samples, AudioClip.PreviewSampleRate - 64, AudioClip.PreviewSampleRate + 64); // 1 s
        Assert.Contains("<q>a &lt;tone&gt;</q>", html);
        Assert.Contains("ratings 7, 8 (mean 7.50, n = 2)", html);
        var missing = new AudioClip(Path.Combine(Path.GetDirectoryName(path)!, "missing.wav")).ToHtml();
        Assert.Contains("cannot play:", missing);
        Assert.DoesNotContain("<audio", missing);
    }
}
