using static TorchSharp.torch;

namespace HumanClap.Scoring;

/// <summary>What a scorer did, for reports and tests: clips decoded, clips and texts encoded, embeddings read from
/// the <see cref="EmbeddingCache"/>. Thread-safe.</summary>
public sealed class ScoringCounters
{
    private long _clipsDecoded, _clipsEmbedded, _textsEmbedded, _cacheHits;

    public long ClipsDecoded => Interlocked.Read(ref _clipsDecoded);
    public long ClipsEmbedded => Interlocked.Read(ref _clipsEmbedded);
    public long TextsEmbedded => Interlocked.Read(ref _textsEmbedded);
    public long CacheHits => Interlocked.Read(ref _cacheHits);

    internal void Decoded() => Interlocked.Increment(ref _clipsDecoded);
    internal void ClipsEncoded(int n) => Interlocked.Add(ref _clipsEmbedded, n);
    internal void TextsEncoded(int n) => Interlocked.Add(ref _textsEmbedded, n);
    internal void Hit() => Interlocked.Increment(ref _cacheHits);
}
