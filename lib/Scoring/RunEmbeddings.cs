using HumanClap.Audio;
using static TorchSharp.torch;

namespace HumanClap.Scoring;

/// <summary>Clips of one batch made ready for encoding, off the encoding thread: read from the cache, decoded, or
/// failed with the reason.</summary>
internal sealed record PreparedClips(
    IReadOnlyList<(string Path, float[] Embedding)> Cached,
    IReadOnlyList<RunEmbeddings.Miss<float[]>> Decoded,
    IReadOnlyList<(string Path, string Error)> Failed);

/// <summary>
/// The embeddings of one scoring run, one per unique clip (by resolved path) and per unique text, so the cost of a
/// run follows what is unique rather than the number of pairs. Only embeddings are kept (D floats each: 100 000
/// unique clips of a 512-wide model are 200 MB); waveforms live for one batch. A clip that cannot be decoded is
/// remembered with its error, so it fails its rows without being read again.
/// <para><see cref="PrepareClips"/> touches no state of the run (only the cache folder, the files and the
/// thread-safe counters), so it may run on another thread, for the next batch, while <see cref="AddClips"/> encodes
/// this one.</para>
/// </summary>
internal sealed class RunEmbeddings(IAudioTextEmbedder embedder, EmbeddingCache? cache, ScoringCounters counters)
{
    private readonly Dictionary<string, float[]> _clips = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _clipErrors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, float[]> _texts = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Audio.Laion.LaionClipDraws> _draws =
        new(StringComparer.Ordinal);

    /// <summary>The draws made for a clip this run decoded (LAION preprocessing only; null for a cache hit).</summary>
    public Audio.Laion.LaionClipDraws? Draws(string path) => _draws.GetValueOrDefault(path);

    /// <summary>An item to embed: its id in the run, its cache key (null without a cache) and the encoder's input.
    /// </summary>
    internal sealed record Miss<TInput>(string Id, string? Key, TInput Input);

    /// <summary>The clip's embedding, or null with the reason it has none.</summary>
    public float[]? Clip(string path, out string? error)
    {
        error = _clipErrors.GetValueOrDefault(path);
        return _clips.GetValueOrDefault(path);
    }

    public float[] Text(string text) => _texts[text];

    /// <summary>Reads each clip's embedding from the cache or decodes the file (a failure keeps its reason).
    /// Thread-safe with respect to the rest of the run.</summary>
    public PreparedClips PrepareClips(IReadOnlyList<string> paths)
    {
        var cached = new List<(string, float[])>();
        var decoded = new List<Miss<float[]>>();
        var failed = new List<(string, string)>();
        foreach (var path in paths)
        {
            var key = cache?.AudioKey(path);
            if (Cached(key) is { } stored)
            {
                cached.Add((path, stored));
                continue;
            }
            try
            {
                counters.Decoded();
                var loaded = embedder.LoadAudio(path);
                if (embedder is HfClapEmbedder { Laion: not null } hf) _draws[path] = hf.DrawsFor(loaded);
                decoded.Add(new Miss<float[]>(path, key, loaded));
            }
            catch (AudioLoadException e) { failed.Add((path, e.Message)); }
        }
        return new PreparedClips(cached, decoded, failed);
    }

    /// <summary>Adds prepared clips: the decoded ones are encoded in one batch (so prepare at most a batch).
    /// </summary>
    public void AddClips(PreparedClips prepared)
    {
        foreach (var (path, embedding) in prepared.Cached) _clips[path] = embedding;
        foreach (var (path, error) in prepared.Failed) _clipErrors[path] = error;
        EmbedAndStore(prepared.Decoded, embedder.EmbedAudio, _clips);
        counters.ClipsEncoded(prepared.Decoded.Count);
    }

    /// <summary>Embeds texts not seen before, in batches of <paramref name="batchSize"/>, through the cache.</summary>
    public void AddTexts(IReadOnlyList<string> texts, int batchSize)
    {
        var misses = new List<Miss<string>>();
        foreach (var text in texts)
        {
            var key = cache?.TextKey(text);
            if (Cached(key) is { } stored) _texts[text] = stored;
            else misses.Add(new Miss<string>(text, key, text));
        }
        foreach (var batch in misses.Chunk(batchSize))
        {
            EmbedAndStore(batch, embedder.EmbedTexts, _texts);
            counters.TextsEncoded(batch.Length);
        }
    }

    private float[]? Cached(string? key)
    {
        if (key is null || cache!.TryGet(key) is not { } stored) return null;
        counters.Hit();
        return stored;
    }

    /// <summary>Encodes the misses in one batch and keeps each embedding in the run and in the cache.</summary>
    private void EmbedAndStore<TInput>(IReadOnlyList<Miss<TInput>> misses, Func<IReadOnlyList<TInput>, Tensor> embed,
        Dictionary<string, float[]> into)
    {
        if (misses.Count == 0) return;
        using var embeds = embed(misses.Select(m => m.Input).ToList());
        var rows = Rows(embeds);
        for (int i = 0; i < misses.Count; i++)
        {
            into[misses[i].Id] = rows[i];
            if (misses[i].Key is { } key) cache!.Put(key, rows[i]);
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
