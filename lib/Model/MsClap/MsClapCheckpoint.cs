using HumanClap.Common;
using System.Collections;
using System.Text.RegularExpressions;
using TorchSharp;
using static TorchSharp.torch;

namespace HumanClap.Model.MsClap;

/// <summary>
/// Reading MS CLAP checkpoints: a folder with <c>msclap_config.json</c> + <c>model.safetensors</c> (what
/// <see cref="Convert"/> writes), or msclap's own <c>CLAP_weights_2022.pth</c> / <c>CLAP_weights_2023.pth</c> (a
/// pickled <c>{'model': state_dict}</c>, read only with <see cref="CheckpointLoadOptions.AllowPickle"/>; its sizes
/// are the real presets unless a <c>msclap_config.json</c> lies beside it). Loading is strict: every missing,
/// unexpected or mis-shaped key is named, except the keys msclap itself ignores (<see cref="IsIgnoredKey"/>).
/// </summary>
public static partial class MsClapCheckpoint
{
    public const string SafetensorsFile = CheckpointIO.SafetensorsFile;

    /// <summary>Keys msclap's code does not load or use: GPT-2's causal-mask buffers (non-persistent in the
    /// transformers msclap pins), BERT's unused tanh pooler, HTSAT's shifted-window <c>attn_mask</c> (rebuilt from
    /// the grid; the parity tests check the result). BatchNorm counters and index buffers are loaded when present and
    /// rebuilt when absent.</summary>
    public static bool IsIgnoredKey(string key) => IgnoredKey().IsMatch(key);

    [GeneratedRegex(@"^(caption_encoder\.base\.(h\.\d+\.attn\.(bias|masked_bias)|pooler\.dense\.(weight|bias))" +
                    @"|audio_encoder\.base\.htsat\.layers\.\d+\.blocks\.\d+\.attn_mask)$")]
    private static partial Regex IgnoredKey();

    [GeneratedRegex(@"^CLAP_weights_.*\.pth$", RegexOptions.IgnoreCase)]
    private static partial Regex PickleName();

    /// <summary>True for a folder holding <c>msclap_config.json</c> or a <c>CLAP_weights_*.pth</c>, or such a
    /// file.</summary>
    public static bool IsMsClap(string path) =>
        File.Exists(path) ? PickleName().IsMatch(Path.GetFileName(path))
        : Directory.Exists(path)
          && (File.Exists(Path.Combine(path, MsClapConfig.FileName)) || FindPickle(path) is not null);

    private static string? FindPickle(string dir) =>
        Directory.EnumerateFiles(dir, "*.pth").Where(f => PickleName().IsMatch(Path.GetFileName(f)))
            .OrderBy(f => f, StringComparer.Ordinal).FirstOrDefault();

    /// <summary>Builds the model and loads the weights strictly.</summary>
    public static MsClapModel Load(string path, CheckpointLoadOptions? options = null)
    {
        options ??= new CheckpointLoadOptions();
        var (weights, config, source) = Read(path, options);
        try
        {
            var model = new MsClapModel(config);
            CheckpointIO.LoadStrict(model, weights, source, IsIgnoredKey);
            if (options.Device is not null) model.to(options.Device);
            model.eval();
            return model;
        }
        finally
        {
            foreach (var t in weights.Values) t.Dispose();
        }
    }

    /// <summary>The tensors, the config and the file they came from. A folder's model.safetensors wins over a
    /// pickle.</summary>
    public static (Dictionary<string, Tensor> Weights, MsClapConfig Config, string Source) Read(string path,
        CheckpointLoadOptions options)
    {
        if (Directory.Exists(path))
        {
            var st = Path.Combine(path, SafetensorsFile);
            var cfgPath = Path.Combine(path, MsClapConfig.FileName);
            if (File.Exists(st))
            {
                if (!File.Exists(cfgPath))
                    throw new MissingFileException($"{path} has {SafetensorsFile} but no {MsClapConfig.FileName}",
                        cfgPath);
                return (CheckpointIO.ReadSafetensors(st), MsClapConfig.Load(cfgPath), st);
            }
            path = FindPickle(path) ?? throw new MissingFileException(
                $"{path} has neither {SafetensorsFile} (with {MsClapConfig.FileName}) nor a CLAP_weights_*.pth", path);
        }
        if (!File.Exists(path)) throw new MissingFileException($"MS CLAP checkpoint not found: {path}", path);
        var weights = ReadPickle(path, options.AllowPickle);
        return (weights, ConfigFor(path, weights), path);
    }

    /// <summary>msclap_config.json beside the file if there is one, else the preset its name or keys show.</summary>
    private static MsClapConfig ConfigFor(string pth, IReadOnlyDictionary<string, Tensor> weights)
    {
        var beside = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(pth))!, MsClapConfig.FileName);
        if (File.Exists(beside)) return MsClapConfig.Load(beside);
        return MsClapConfig.PresetForFileName(pth)
               ?? (weights.Keys.Any(k => k.StartsWith("audio_encoder.base.htsat.", StringComparison.Ordinal))
                   ? MsClapConfig.Preset2023()
                   : weights.Keys.Any(k => k.StartsWith("audio_encoder.base.conv_block1.", StringComparison.Ordinal))
                       ? MsClapConfig.Preset2022()
                       : throw new UserInputException(
                           $"{pth}: neither the name (CLAP_weights_2022/2023.pth) nor the keys say which msclap " +
                           "version it is"));
    }

    /// <summary>The state dict of msclap's <c>torch.save({'model': state_dict})</c> file, tensors in their stored
    /// dtypes (the 2023 file holds float32 copies of integer and bool buffers).</summary>
    public static Dictionary<string, Tensor> ReadPickle(string pth, bool allowPickle)
    {
        var top = TorchPickleReader.LoadTrusted(pth, allowPickle);
        if (top is not IDictionary topDict || topDict["model"] is not IDictionary stateDict)
            throw new UserInputException($"{pth}: expected a dict with a 'model' state dict (msclap's format)");
        var result = new Dictionary<string, Tensor>();
        var keys = stateDict is TorchPickleReader.OrderedStateDict ordered
            ? ordered.OrderedKeys : stateDict.Keys.Cast<object>();
        foreach (var key in keys)
            if (stateDict[key] is Tensor t) result[(string)key] = t;
            else throw new UserInputException($"{pth}: 'model'[{key}] is not a tensor");
        // Other top-level entries (the 2022 file's optimizer state) are not needed.
        foreach (DictionaryEntry e in topDict)
            if (!Equals(e.Key, "model")) DisposeTensors(e.Value);
        return result;
    }

    private static void DisposeTensors(object? value)
    {
        switch (value)
        {
            case Tensor t: t.Dispose(); break;
            case IDictionary d: foreach (DictionaryEntry e in d) DisposeTensors(e.Value); break;
            case IEnumerable list and not string: foreach (var v in list) DisposeTensors(v); break;
        }
    }

    /// <summary>
    /// Writes msclap's pickle once as <c>model.safetensors</c> (every tensor as stored, names and dtypes kept) and
    /// <c>msclap_config.json</c> (the preset, or <paramref name="config"/> when given) into <paramref name="outDir"/>
    /// after checking that the model loads them; each file via a temporary file and a rename.
    /// </summary>
    public static void Convert(string pth, string outDir, bool allowPickle, MsClapConfig? config = null)
    {
        var weights = ReadPickle(pth, allowPickle);
        try
        {
            config ??= ConfigFor(pth, weights);
            using (var model = new MsClapModel(config))
                CheckpointIO.LoadStrict(model, weights, pth, IsIgnoredKey);
            Directory.CreateDirectory(outDir);
            CheckpointIO.WriteSafetensors(Path.Combine(outDir, SafetensorsFile), weights);
            config.Save(Path.Combine(outDir, MsClapConfig.FileName));
        }
        finally
        {
            foreach (var t in weights.Values) t.Dispose();
        }
    }
}
