using HumanClap.Audio;
using TorchSharp;
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

    /// <summary>Extracts features for (id, waveform loader) pairs in batches. A clip that fails to load is reported
    /// in the returned list (id, reason) and left out; the others are cached.</summary>
    public static (FeatureCache Cache, List<(string Id, string Error)> Failed) Build(
        IEnumerable<(string Id, string Path)> clips, ClapFeatureExtractor extractor, AudioLoadOptions loadOptions,
        int batchSize = 16, int seed = ClapFeatureExtractor.DefaultSeed, IProgress<int>? progress = null)
    {
        var cache = new FeatureCache();
        var failed = new List<(string, string)>();
        var pending = new List<(string Id, float[] Wave)>();
        int done = 0;
        void Flush()
        {
            if (pending.Count == 0) return;
            using var features = extractor.Extract(pending.Select(p => p.Wave).ToList(), seed);
            for (int i = 0; i < pending.Count; i++)
                cache.Add(pending[i].Id, features.InputFeatures[i], features.IsLonger[i, 0].item<bool>());
            done += pending.Count;
            progress?.Report(done);
            pending.Clear();
        }
        foreach (var (id, path) in clips.DistinctBy(c => c.Id))
        {
            try { pending.Add((id, AudioLoader.Load(path, loadOptions))); }
            catch (AudioLoadException e) { failed.Add((id, e.Message)); }
            if (pending.Count == batchSize) Flush();
        }
        Flush();
        return (cache, failed);
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
        if (missing.Count > 0) throw new KeyNotFoundException($"no cached features for: {string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? ", ..." : "")}");
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
