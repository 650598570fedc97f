using static TorchSharp.torch;

namespace HumanClap.Audio.Laion;

/// <summary>
/// The fused model's four mel channels for one clip (<c>get_audio_features</c>, fusion branch): a clip of at most
/// 10 s gives four copies of its repeat-padded mel; a longer one gives [whole-clip mel shrunk to 1001 frames, front,
/// middle, back chunk], each chunk's start drawn once from its third of the possible starts. A clip longer by less
/// than one hop has exactly 1001 frames: four copies and not "longer" (laion_clap's corner case). No clip is ever
/// marked longer at random (laion_clap's eval path; Hugging Face's extractor does, which changes that clip's score).
/// </summary>
internal static class LaionFusionInput
{
    /// <summary>1001 frames: 480000 samples at hop 480, centred.</summary>
    public static readonly int ChunkFrames = LaionFusionMel.Frames(LaionWaveform.ClipSamples);

    /// <param name="quantized">the clip after the int16 round trip, any length.</param>
    /// <param name="replayStarts">recorded chunk starts to use instead of drawing them.</param>
    /// <returns>(4, 1001, 64), whether the model treats the clip as longer, the chunk starts used.</returns>
    public static (Tensor Channels, bool Longer, int[]? ChunkStarts) Build(LaionFusionMel mel, float[] quantized,
        Random rng, IReadOnlyList<int>? replayStarts = null)
    {
        using var scope = NewDisposeScope();
        if (quantized.Length <= LaionWaveform.ClipSamples)
            return (Copies(mel.Compute(LaionWaveform.RepeatPad(quantized))).MoveToOuterDisposeScope(), false, null);
        var full = mel.Compute(quantized);
        int frames = (int)full.shape[0];
        if (frames == ChunkFrames) return (Copies(full).MoveToOuterDisposeScope(), false, null);
        var starts = replayStarts?.ToArray() ?? DrawChunkStarts(frames, rng);
        if (starts.Length != 3 || starts.Any(s => s < 0 || s > frames - ChunkFrames))
            throw new ArgumentException($"need three chunk starts in [0, {frames - ChunkFrames}], got " +
                                        string.Join(", ", starts));
        var channels = stack(new[] { Shrink(full) }.Concat(starts.Select(s => full.narrow(0, s, ChunkFrames)))
            .ToArray());
        return (channels.MoveToOuterDisposeScope(), true, starts);
    }

    /// <summary>One uniform draw per third of the possible starts (<c>np.array_split(range(T - 1001 + 1), 3)</c>,
    /// an empty third becoming {0}), front, middle, back in that order.</summary>
    public static int[] DrawChunkStarts(int frames, Random rng)
    {
        var (front, middle, back) = ClapFeatureExtractor.ChunkStartRanges(frames - ChunkFrames + 1);
        return [front.Start + rng.Next(front.Count), middle.Start + rng.Next(middle.Count),
            back.Start + rng.Next(back.Count)];
    }

    /// <summary><c>torchvision.transforms.Resize([1001, 64])</c> on a tensor: bilinear with antialiasing, the default
    /// of torchvision >= 0.17 that laion_clap requires (older torchvision and Hugging Face do not antialias).
    /// </summary>
    public static Tensor Shrink(Tensor fullMel) =>
        nn.functional.interpolate(fullMel.unsqueeze(0).unsqueeze(0), new long[] { ChunkFrames, fullMel.shape[1] },
            mode: InterpolationMode.Bilinear, align_corners: false, antialias: true)[0, 0];

    private static Tensor Copies(Tensor mel) => stack(new[] { mel, mel, mel, mel });
}
