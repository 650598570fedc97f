using HumanClap.Audio;
using static TorchSharp.torch;

namespace HumanClap.Training;

/// <summary>Log-mel features of every clip, computed once and reused by every epoch and every loss variant.
/// The extractor is deterministic for clips up to 10 s (and seeded beyond), so caching changes no result.
/// Tensors here live outside dispose scopes until the cache is disposed.</summary>
public sealed class FeatureCache : IDisposable
{
    private readonly Dictionary<string, (Tensor Features, bool IsLonger)> _items = new();

    public int Count => _items.Count;
    public bool Contains(string id) => _items.ContainsKey(id);
    public IEnumerable<string> Ids => _items.Keys;

    /// <summary>Extracts features for (id, file) pairs in batches. Files of a batch are decoded in parallel (each
    /// independently, so the result does not depend on the thread count). A clip that fails to load is reported in
    /// <see cref="FeatureCacheBuild.Failed"/> (id, reason) and left out; the others are cached.</summary>
    public static FeatureCacheBuild Build(
        IEnumerable<(string Id, string Path)> clips, ClapFeatureExtractor extractor, AudioLoadOptions loadOptions,
        int batchSize = 16, int seed = ClapFeatureExtractor.DefaultSeed, IProgress<int>? progress = null,
        int maxThreads = 2)
    {
        var cache = new FeatureCache();
        var failed = new List<(string, string)>();
        var load = new System.Diagnostics.Stopwatch();
        var extract = new System.Diagnostics.Stopwatch();
        int done = 0;
        foreach (var chunk in clips.DistinctBy(c => c.Id).Chunk(batchSize))
        {
            load.Start();
            var waves = new float[]?[chunk.Length];
            var errors = new string?[chunk.Length];
            Parallel.For(0, chunk.Length, new ParallelOptions { MaxDegreeOfParallelism = maxThreads }, i =>
            {
                try { waves[i] = AudioLoader.Load(chunk[i].Path, loadOptions); }
                catch (AudioLoadException e) { errors[i] = e.Message; }
            });
            load.Stop();
            var ok = Enumerable.Range(0, chunk.Length).Where(i => waves[i] is not null).ToList();
            failed.AddRange(Enumerable.Range(0, chunk.Length)
                .Where(i => errors[i] is not null)
                .Select(i => (chunk[i].Id, errors[i]!)));
            if (ok.Count > 0)
            {
                extract.Start();
                using var features = extractor.Extract(ok.Select(i => waves[i]!).ToList(), seed);
                for (int k = 0; k < ok.Count; k++)
                    cache.Add(chunk[ok[k]].Id, features.InputFeatures[k], features.IsLonger[k, 0].item<bool>());
                extract.Stop();
            }
            done += chunk.Length;
            progress?.Report(done);
        }
        return new FeatureCacheBuild(cache, failed, load.Elapsed.TotalSeconds, extract.Elapsed.TotalSeconds);
    }

    public void Add(string id, Tensor features, bool isLonger)
    {
        if (_items.Remove(id, out var old)) old.Features.Dispose();
        _items[id] = (features.detach().clone().DetachFromDisposeScope(), isLonger);
    }

    /// <summary>(B, C, T, F) features and (B, 1) is_longer for the given clips, in order.</summary>
    public (Tensor Features, Tensor IsLonger) Batch(IReadOnlyList<string> ids)
    {
        var missing = ids.Where(i => !_items.ContainsKey(i)).ToList();
        if (missing.Count > 0)
            throw new KeyNotFoundException(
                $"no cached features for: {string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? ", ..." : "")}");
        var features = stack(ids.Select(i => _items[i].Features).ToArray());
        var longer = tensor(ids.Select(i => _items[i].IsLonger).ToArray(), new long[] { ids.Count, 1 });
        return (features, longer);
    }

    public void Dispose()
    {
        foreach (var (f, _) in _items.Values) f.Dispose();
        _items.Clear();
    }
}
