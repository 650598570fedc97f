using HumanClap.Scoring;
using static TorchSharp.torch;

namespace HumanClap.Tests.Scoring;

/// <summary>Wraps a real embedder and counts what it is asked to do (files decoded, clips and texts encoded), so
/// tests measure the cost of a run by work done rather than by wall time on a shared machine.</summary>
public sealed class CountingEmbedder(IAudioTextEmbedder inner) : DelegatingEmbedder(inner)
{
    public int Decodes;
    public int ClipsEncoded;
    public int TextsEncoded;

    public override float[] LoadAudio(string path)
    {
        Interlocked.Increment(ref Decodes);
        return base.LoadAudio(path);
    }

    public override Tensor EmbedAudio(IReadOnlyList<float[]> waveforms)
    {
        Interlocked.Add(ref ClipsEncoded, waveforms.Count);
        return base.EmbedAudio(waveforms);
    }

    public override Tensor EmbedTexts(IReadOnlyList<string> texts)
    {
        Interlocked.Add(ref TextsEncoded, texts.Count);
        return base.EmbedTexts(texts);
    }

    /// <summary>A scorer of the checkpoint whose embedder is counted.</summary>
    public static (ClapScorer Scorer, CountingEmbedder Counts) Scorer(string checkpoint, ScorerOptions? options = null)
    {
        options ??= new ScorerOptions();
        // The loading scorer is not disposed: its only resource, the embedder, now belongs to the counting one.
        var counting = new CountingEmbedder(ClapScorer.FromPretrained(checkpoint, options).Embedder);
        return (new ClapScorer(counting, options, checkpoint), counting);
    }
}
