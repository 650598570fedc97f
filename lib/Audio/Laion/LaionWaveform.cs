namespace HumanClap.Audio.Laion;

/// <summary>laion_clap's waveform steps (<c>hook.py</c> and <c>training/data.py:get_audio_features</c>) on a clip
/// decoded at 48 kHz mono: int16 round trip, then repeat-and-zero-pad a short clip or crop a long one to
/// <see cref="ClipSamples"/>.</summary>
internal static class LaionWaveform
{
    /// <summary>10 s at 48 kHz: the unfused model's input length and the fused model's chunk length.</summary>
    public const int ClipSamples = 480_000;

    /// <summary><c>int16_to_float32(float32_to_int16(x))</c>: clip to [-1, 1], ×32767, truncate toward zero, /32767
    /// (a copy; the loaded clip is left as it is).</summary>
    public static float[] Quantize(ReadOnlySpan<float> clip)
    {
        var result = clip.ToArray();
        AudioLoader.QuantizeToInt16InPlace(result);
        return result;
    }

    /// <summary>A clip of at most <see cref="ClipSamples"/>: repeated <c>int(480000 / L)</c> times, then zeros
    /// (laion_clap's "repeatpad"; Hugging Face's "repeat" mode would fill the tail with a partial copy instead).
    /// </summary>
    public static float[] RepeatPad(ReadOnlySpan<float> clip)
    {
        if (clip.Length == 0 || clip.Length > ClipSamples)
            throw new ArgumentException($"repeat-padding needs 1 to {ClipSamples} samples, got {clip.Length}");
        var window = new float[ClipSamples];
        int repeats = ClipSamples / clip.Length;
        for (int r = 0; r < repeats; r++) clip.CopyTo(window.AsSpan(r * clip.Length));
        return window;
    }

    /// <summary>The crop of a clip longer than <see cref="ClipSamples"/> at <paramref name="offset"/>.</summary>
    public static float[] Crop(ReadOnlySpan<float> clip, int offset)
    {
        if (offset < 0 || offset > clip.Length - ClipSamples)
            throw new ArgumentOutOfRangeException(nameof(offset),
                $"a crop of a {clip.Length}-sample clip starts in [0, {clip.Length - ClipSamples}], got {offset}");
        return clip.Slice(offset, ClipSamples).ToArray();
    }

    /// <summary>Uniform over every crop start, as <c>np.random.randint(0, L - 480000 + 1)</c>.</summary>
    public static int DrawCropOffset(int length, Random rng) => rng.Next(0, length - ClipSamples + 1);

    /// <summary>One second at 48 kHz: the least audioldm_eval's reader zero-pads a short clip to.</summary>
    public const int OneSecond = 48_000;

    /// <summary>The unfused model's 10 s input and the crop offset used (null when nothing was cropped).
    /// <paramref name="replayOffset"/> replaces the draw (a published run's recorded crop).</summary>
    public static (float[] Window, int? CropOffset) ForUnfused(ReadOnlySpan<float> quantized, Random rng,
        int? replayOffset = null, LaionClipRules? rules = null)
    {
        rules ??= LaionClipRules.Laion;
        if (quantized.Length <= ClipSamples)
            return (rules.ShortClips == ShortClipRule.RepeatPad ? RepeatPad(quantized) : ZeroPad(quantized), null);
        int offset = replayOffset ?? CropOffset(quantized.Length, rng, rules);
        return (Crop(quantized, offset), offset);
    }

    /// <summary>Where a clip longer than the window is cut under <paramref name="rules"/>: drawn, or at its head.
    /// </summary>
    public static int CropOffset(int length, Random rng, LaionClipRules rules) =>
        rules.LongClips == LongClipRule.HeadCrop ? 0 : DrawCropOffset(length, rng);

    /// <summary>A short clip as it is, zero-padded to <see cref="OneSecond"/> when shorter.</summary>
    public static float[] ZeroPad(ReadOnlySpan<float> clip)
    {
        var window = new float[Math.Max(clip.Length, OneSecond)];
        clip.CopyTo(window);
        return window;
    }
}
