using HumanClap.Audio;
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

/// <summary>
/// The embeddings of one scoring run, one per unique clip (by resolved path) and per unique text, so the cost of a
/// run follows what is unique rather than the number of pairs. Only embeddings are kept (D floats each: 100 000
/// unique clips of a 512-wide model are 200 MB); waveforms live for one batch. A clip that cannot be decoded is
/// remembered with its error, so it fails its rows without being read again.
/// </summary>
internal sealed class RunEmbeddings(IAudioTextEmbedder embedder, EmbeddingCache? cache, ScoringCounters counters)
{
    private readonly Dictionary<string, float[]> _clips = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _clipErrors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, float[]> _texts = new(StringComparer.Ordinal);

    public bool HasClip(string path) => _clips.ContainsKey(path) || _clipErrors.ContainsKey(path);
    public bool HasText(string text) => _texts.ContainsKey(text);

    /// <summary>The clip's embedding, or null with the reason it has none.</summary>
    public float[]? Clip(string path, out string? error)
    {
        error = _clipErrors.GetValueOrDefault(path);
        return _clips.GetValueOrDefault(path);
    }

    public float[] Text(string text) => _texts[text];

    /// <summary>Embeds clips not seen before in this run: each is read from the cache, or decoded and encoded (all
    /// misses in one batch, so pass at most a batch).</summary>
    public void AddClips(IReadOnlyList<string> paths)
    {
        var misses = new List<(string Path, string? Key, float[] Wave)>();
        foreach (var path in paths)
        {
            var key = cache?.AudioKey(path);
            if (key is not null && cache!.TryGet(key) is { } stored)
            {
                counters.Hit();
                _clips[path] = stored;
                continue;
            }
            try
            {
                counters.Decoded();
                misses.Add((path, key, embedder.LoadAudio(path)));
            }
            catch (AudioLoadException e) { _clipErrors[path] = e.Message; }
        }
        if (misses.Count == 0) return;
        using var embeds = embedder.EmbedAudio(misses.Select(m => m.Wave).ToList());
        counters.ClipsEncoded(misses.Count);
        var rows = Rows(embeds);
        for (int i = 0; i < misses.Count; i++)
        {
            _clips[misses[i].Path] = rows[i];
            if (misses[i].Key is { } key) cache!.Put(key, rows[i]);
        }
    }

    /// <summary>Embeds texts not seen before, in batches of <paramref name="batchSize"/>, through the cache.</summary>
    public void AddTexts(IReadOnlyList<string> texts, int batchSize)
    {
        var misses = new List<(string Text, string? Key)>();
        foreach (var text in texts)
        {
            var key = cache?.TextKey(text);
            if (key is not null && cache!.TryGet(key) is { } stored)
            {
                counters.Hit();
                _texts[text] = stored;
            }
            else misses.Add((text, key));
        }
        foreach (var batch in misses.Chunk(batchSize))
        {
            using var embeds = embedder.EmbedTexts(batch.Select(m => m.Text).ToList());
            counters.TextsEncoded(batch.Length);
            var rows = Rows(embeds);
            for (int i = 0; i < batch.Length; i++)
            {
                _texts[batch[i].Text] = rows[i];
                if (batch[i].Key is { } key) cache!.Put(key, rows[i]);
            }
        }
    }

    private static float[][] Rows(Tensor embeds)
    {
        using var cpu = embeds.to(ScalarType.Float32).cpu().contiguous();
        var data = cpu.data<float>().ToArray();
        int d = (int)cpu.shape[1];
        return Enumerable.Range(0, (int)cpu.shape[0]).Select(r => data.AsSpan(r * d, d).ToArray()).ToArray();
    }
}
