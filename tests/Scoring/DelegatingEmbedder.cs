using HumanClap.Scoring;
using static TorchSharp.torch;

namespace HumanClap.Tests.Scoring;

/// <summary>An embedder that passes everything to a real one; test probes override what they observe.</summary>
public abstract class DelegatingEmbedder(IAudioTextEmbedder inner) : IAudioTextEmbedder
{
    public string Family => inner.Family;
    public int SampleRate => inner.SampleRate;
    public int EmbeddingSize => inner.EmbeddingSize;
    public string AudioSettings => inner.AudioSettings;
    public string TextSettings => inner.TextSettings;

    public virtual float[] LoadAudio(string path) => inner.LoadAudio(path);
    public virtual Tensor EmbedAudio(IReadOnlyList<float[]> waveforms) => inner.EmbedAudio(waveforms);
    public virtual Tensor EmbedTexts(IReadOnlyList<string> texts) => inner.EmbedTexts(texts);
    public void Dispose() => inner.Dispose();
}
