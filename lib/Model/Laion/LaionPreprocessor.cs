using HumanClap.Audio.Laion;
using HumanClap.Model.MsClap;
using static TorchSharp.torch;

namespace HumanClap.Model.Laion;

/// <summary>The model input of a batch of clips and the draws each clip's input came from (same order).</summary>
internal sealed record LaionModelInput(Tensor Features, Tensor IsLonger, IReadOnlyList<LaionClipDraws> Draws)
    : IDisposable
{
    public void Dispose()
    {
        Features.Dispose();
        IsLonger.Dispose();
    }
}

/// <summary>
/// What laion_clap does to a clip before its audio encoder, from a clip decoded at 48 kHz mono (librosa's float32)
/// to the Hugging Face model's input features (B, C, 1001, 64): int16 round trip; unfused (rand_trunc): repeat-pad or
/// a seeded 10 s crop, then torchlibrosa's conv STFT and Slaney log-mel (laion_clap runs these inside the model,
/// with the checkpoint's frozen kernels); fused: the HTK mel channels of <see cref="LaionFusionInput"/>. bn0 and the
/// 256×256 image are the model's part. Every draw comes from <see cref="LaionClipSeed"/> (run seed, clip samples), so
/// a clip's features never depend on the rest of the batch.
/// </summary>
public sealed class LaionPreprocessor : IDisposable
{
    private readonly TorchLibrosaFrontEnd? _frontEnd;
    private readonly LaionFusionMel? _fusionMel;

    private LaionPreprocessor(TorchLibrosaFrontEnd? frontEnd, LaionFusionMel? fusionMel) =>
        (_frontEnd, _fusionMel) = (frontEnd, fusionMel);

    /// <summary>Unfused, with torchlibrosa's front end (its STFT kernels and <c>melW</c> loaded; takes ownership).
    /// </summary>
    internal static LaionPreprocessor Unfused(TorchLibrosaFrontEnd frontEnd) => new(frontEnd, null);

    public static LaionPreprocessor Fused() => new(null, new LaionFusionMel());

    public bool IsFused => _fusionMel is not null;

    /// <summary>laion_clap's helper by default; an evaluation toolkit's departures from it with
    /// <see cref="UseRules"/>.</summary>
    public LaionClipRules Rules { get; private set; } = LaionClipRules.Laion;

    /// <summary>Prepares clips by <paramref name="rules"/> from now on. A fused model takes only the int16 choice.
    /// </summary>
    public LaionPreprocessor UseRules(LaionClipRules rules)
    {
        if (IsFused && rules with { Quantize = true } != LaionClipRules.Laion)
            throw new ArgumentException($"a fused model crops and pads as laion_clap does, not by {rules}");
        Rules = rules;
        return this;
    }
    public int Channels => IsFused ? 4 : 1;

    /// <summary>Part of <c>AudioSettings</c>, hence of the embedding cache's key.</summary>
    public override string ToString() => "laion_clap preprocessing (" +
        (IsFused ? "fusion, HTK mel, antialiased shrink" : "rand_trunc, torchlibrosa Slaney mel") +
        $"; {Rules}; per-clip seeds)";

    /// <param name="loaded">mono clips at 48 kHz as decoded (not yet quantized).</param>
    /// <param name="runSeed">the run's seed; each clip's draws use <see cref="LaionClipSeed.For"/>.</param>
    /// <param name="replay">per clip, recorded draws to use instead of drawing (null entries draw).</param>
    internal LaionModelInput Prepare(IReadOnlyList<float[]> loaded, int runSeed,
        IReadOnlyList<LaionClipDraws?>? replay = null)
    {
        if (loaded.Count == 0) throw new ArgumentException("no clips", nameof(loaded));
        if (Rules.VariableLength && loaded.Count > 1)
            throw new ArgumentException($"with {Rules} clips differ in length: prepare one at a time",
                nameof(loaded));
        if (replay is not null && replay.Count != loaded.Count)
            throw new ArgumentException("one replay entry per clip", nameof(replay));
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var draws = new LaionClipDraws[loaded.Count];
        var longer = new bool[loaded.Count];
        var rows = new Tensor[loaded.Count];
        for (int i = 0; i < loaded.Count; i++)
        {
            if (loaded[i].Length == 0) throw new ArgumentException($"clip {i} is empty", nameof(loaded));
            var quantized = Rules.Quantize ? LaionWaveform.Quantize(loaded[i]) : loaded[i];
            var rng = new Random(LaionClipSeed.For(runSeed, loaded[i]));
            if (_fusionMel is not null)
            {
                var (channels, isLonger, starts) = LaionFusionInput.Build(_fusionMel, quantized, rng,
                    replay?[i]?.ChunkStarts);
                (rows[i], longer[i], draws[i]) = (channels, isLonger, new LaionClipDraws(null, starts));
            }
            else
            {
                var (window, offset) = LaionWaveform.ForUnfused(quantized, rng, replay?[i]?.CropOffset, Rules);
                rows[i] = UnfusedLogmel(window);
                (longer[i], draws[i]) = (offset is not null, new LaionClipDraws(offset, null));
            }
        }
        var features = stack(rows).MoveToOuterDisposeScope();
        var isLongerTensor = tensor(longer, new long[] { loaded.Count, 1 }).MoveToOuterDisposeScope();
        return new LaionModelInput(features, isLongerTensor, draws);
    }

    /// <summary>The draws <see cref="Prepare"/> makes for a clip, without computing any feature (cheap: the clip's
    /// hash and one to three draws), so they can be reported for a clip whose embedding came from a cache.</summary>
    public LaionClipDraws DrawsFor(float[] loaded, int runSeed)
    {
        if (loaded.Length <= LaionWaveform.ClipSamples) return LaionClipDraws.None;
        var rng = new Random(LaionClipSeed.For(runSeed, loaded));
        if (!IsFused) return new LaionClipDraws(LaionWaveform.CropOffset(loaded.Length, rng, Rules), null);
        int frames = LaionFusionMel.Frames(loaded.Length);
        return frames == LaionFusionInput.ChunkFrames ? LaionClipDraws.None
            : new LaionClipDraws(null, LaionFusionInput.DrawChunkStarts(frames, rng));
    }

    /// <summary>(1, 1001, 64): torchlibrosa power spectrogram then log-mel of one 10 s window.</summary>
    public Tensor UnfusedLogmel(float[] window)
    {
        var frontEnd = _frontEnd ?? throw new InvalidOperationException("a fused preprocessor has no torchlibrosa");
        using var scope = NewDisposeScope();
        var power = frontEnd.Spectrogram(tensor(window).unsqueeze(0));
        return frontEnd.Logmel(power)[0].MoveToOuterDisposeScope();
    }

    public void Dispose() => _frontEnd?.Dispose();
}
