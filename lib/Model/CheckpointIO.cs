using System.Runtime.CompilerServices;
using HumanClap.Common;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace HumanClap.Model;

/// <summary>A checkpoint that does not fit the model: every offending key is listed.</summary>
internal sealed class CheckpointMismatchException(
    string path, IReadOnlyList<string> missing, IReadOnlyList<string> unexpected, IReadOnlyList<string> shapeMismatches,
    string builtFrom = "its config.json")
    : UserInputException(Describe(path, missing, unexpected, shapeMismatches, builtFrom))
{
    public IReadOnlyList<string> Missing { get; } = missing;
    public IReadOnlyList<string> Unexpected { get; } = unexpected;
    public IReadOnlyList<string> ShapeMismatches { get; } = shapeMismatches;

    private static string Describe(
        string path, IReadOnlyList<string> m, IReadOnlyList<string> u, IReadOnlyList<string> s, string builtFrom)
    {
        var parts = new List<string> { $"checkpoint {path} does not match the model built from {builtFrom}:" };
        if (m.Count > 0) parts.Add($"  missing keys ({m.Count}): {string.Join(", ", m)}");
        if (u.Count > 0) parts.Add($"  unexpected keys ({u.Count}): {string.Join(", ", u)}");
        if (s.Count > 0) parts.Add($"  shape mismatches ({s.Count}): {string.Join("; ", s)}");
        return string.Join(Environment.NewLine, parts);
    }
}

/// <summary>Reading and writing Hugging Face CLAP checkpoint folders.</summary>
internal static class CheckpointIO
{
    public const string SafetensorsFile = "model.safetensors";
    public const string PickleFile = "pytorch_model.bin";
    public const string ConfigFile = "config.json";

    // Index buffers that the model rebuilds itself: a checkpoint saved by another transformers version may omit them.
    private static bool IsDerivableBuffer(string key) =>
        key.EndsWith("embeddings.position_ids") || key.EndsWith("embeddings.token_type_ids")
            || key.EndsWith("relative_position_index")
        || key.EndsWith("num_batches_tracked");

    /// <summary>The state dict of a checkpoint folder (model.safetensors, else pytorch_model.bin with the opt-in)
    /// and the path it came from.</summary>
    public static (Dictionary<string, Tensor> Weights, string Source) ReadStateDict(string dir,
        CheckpointLoadOptions options)
    {
        var st = Path.Combine(dir, SafetensorsFile);
        if (File.Exists(st)) return (ReadSafetensors(st), st);
        var bin = Path.Combine(dir, PickleFile);
        if (File.Exists(bin))
        {
            if (!options.AllowPickle)
                throw new UserInputException(
                    $"{dir} has only {PickleFile}, a Python pickle that can run code when read; " +
                    "convert it to model.safetensors, " +
                    "or load with AllowPickle = true (--allow-pickle) if you trust it");
            return (ReadPickle(bin), bin);
        }
        throw new MissingFileException($"{dir} has neither {SafetensorsFile} nor {PickleFile}", dir);
    }

    // Only the pickle path touches TorchSharp.PyBridge (built against an older TorchSharp): kept out of line so the
    // assembly is loaded only when a pickle is actually read.
    /// <summary>The unpickler throws whatever it meets first in a damaged file (NotImplementedException for an
    /// unknown format, casts, end of stream): all of them mean the file is not a state dict we can read.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Dictionary<string, Tensor> ReadPickle(string bin)
    {
        var dict = new Dictionary<string, Tensor>();
        try
        {
            var table = PyTorchUnpickler.UnpickleStateDict(bin);
            foreach (System.Collections.DictionaryEntry e in table) dict[(string)e.Key] = (Tensor)e.Value!;
            return dict;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            foreach (var t in dict.Values) t.Dispose();
            throw new UserInputException(
                $"{bin}: not a readable PyTorch state dict ({e.GetType().Name}: {e.Message})", e);
        }
    }

    /// <summary>Copies <paramref name="weights"/> into <paramref name="model"/>; any missing or unexpected key or
    /// shape mismatch is an error listing all offenders.</summary>
    /// <param name="ignored">Checkpoint keys the model's reference code ignores too (e.g. msclap's GPT-2 masks):
    /// skipped when the model has no such key, never reported.</param>
    public static void LoadStrict(nn.Module model, IReadOnlyDictionary<string, Tensor> weights, string source,
        Func<string, bool>? ignored = null)
    {
        var target = model.state_dict();
        var missing = target.Keys.Where(k => !weights.ContainsKey(k) && !IsDerivableBuffer(k))
            .OrderBy(k => k, StringComparer.Ordinal).ToList();
        var unexpected = weights.Keys.Where(k => !target.ContainsKey(k) && ignored?.Invoke(k) != true)
            .OrderBy(k => k, StringComparer.Ordinal).ToList();
        var shapes = target
            .Where(kv => weights.TryGetValue(kv.Key, out var w) && !w.shape.SequenceEqual(kv.Value.shape))
            .Select(kv => $"{kv.Key}: checkpoint [{string.Join(", ", weights[kv.Key].shape)}] " +
                $"vs model [{string.Join(", ", kv.Value.shape)}]")
            .ToList();
        if (missing.Count + unexpected.Count + shapes.Count > 0)
            throw new CheckpointMismatchException(source, missing, unexpected, shapes);
        EnsureFinite(weights, source);
        using var _ = no_grad();
        // copy_ casts: msclap's 2023 file stores integer and bool buffers as float32.
        foreach (var (key, dest) in target)
            if (weights.TryGetValue(key, out var src)) dest.copy_(src);
    }

    /// <summary>NaN or infinite weights would give NaN scores for every input without any error: refused at load,
    /// naming every such tensor.</summary>
    public static void EnsureFinite(IReadOnlyDictionary<string, Tensor> weights, string source)
    {
        using var _ = no_grad();
        var bad = weights.Where(kv => kv.Value.is_floating_point() && !IsAllFinite(kv.Value))
            .Select(kv => kv.Key).OrderBy(k => k, StringComparer.Ordinal).ToList();
        if (bad.Count > 0)
            throw new UserInputException($"{source}: non-finite (NaN or infinite) values in {bad.Count} tensor(s): " +
                                           string.Join(", ", bad.Take(20)) + (bad.Count > 20 ? ", ..." : ""));
    }

    private static bool IsAllFinite(Tensor t)
    {
        using var finite = isfinite(t);
        using var all = finite.all();
        return all.item<bool>();
    }

    /// <summary>Every tensor of a safetensors file; a read error names the file.</summary>
    public static Dictionary<string, Tensor> ReadSafetensors(string path)
    {
        try { return SafetensorsIO.Load(path); }
        catch (Exception e) { throw new UserInputException($"{path}: cannot read safetensors ({e.Message})", e); }
    }

    /// <summary>Writes tensors as safetensors via a temporary file in the same folder and a rename.</summary>
    public static void WriteSafetensors(string path, IReadOnlyDictionary<string, Tensor> tensors)
    {
        var contiguous = tensors.ToDictionary(kv => kv.Key, kv => kv.Value.detach().cpu().contiguous());
        try { AtomicFile.Produce(path, tmp => { SafetensorsIO.Save(tmp, contiguous); return true; }); }
        finally { foreach (var t in contiguous.Values) t.Dispose(); }
    }
}
