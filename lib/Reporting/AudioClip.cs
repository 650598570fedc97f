using System.Globalization;
using System.Net;
using HumanClap.Audio;

namespace HumanClap.Reporting;

/// <summary>A clip to listen to beside what is known about it: in a notebook it shows as an HTML5 audio player with
/// its caption and listeners' ratings (the kernel extension's formatter), so a user hears what the listeners heard.
/// The player carries a mono 16 kHz 16-bit preview of at most <see cref="PreviewSeconds"/> (about 32 kB a second
/// in the notebook), decoded by the library's own loader, so every format it reads plays.</summary>
public sealed record AudioClip(string Path, string? Caption = null, IReadOnlyList<double>? Ratings = null)
{
    public const int PreviewSampleRate = 16_000;

    public double PreviewSeconds { get; init; } = 10;

    /// <summary>The player, caption and ratings as an HTML fragment; a clip that cannot be read shows why.</summary>
    public string ToHtml()
    {
        var name = WebUtility.HtmlEncode(System.IO.Path.GetFileName(Path));
        string player;
        try
        {
            var samples = AudioLoader.Load(Path, new AudioLoadOptions
            {
                TargetSampleRate = PreviewSampleRate, MaxSeconds = PreviewSeconds,
            });
            var wav = Convert.ToBase64String(AudioWriter.Wav16Bytes(samples, PreviewSampleRate));
            player = $"<audio controls preload=\"none\" src=\"data:audio/wav;base64,{wav}\"></audio>";
        }
        catch (AudioLoadException e)
        {
            player = $"<span>cannot play: {WebUtility.HtmlEncode(e.Message)}</span>";
        }
        var caption = Caption is null ? "" : $"<div><q>{WebUtility.HtmlEncode(Caption)}</q></div>";
        return "<figure style=\"margin:0.3em 0\">" + player +
               $"<figcaption><code>{name}</code>{caption}{RatingsHtml()}</figcaption></figure>";
    }

    private string RatingsHtml()
    {
        if (Ratings is not { Count: > 0 } ratings) return "";
        var each = string.Join(", ", ratings.Select(r => r.ToString("0.##", CultureInfo.InvariantCulture)));
        var mean = ratings.Average().ToString("0.00", CultureInfo.InvariantCulture);
        return $"<div>ratings {each} (mean {mean}, n = {ratings.Count})</div>";
    }
}
