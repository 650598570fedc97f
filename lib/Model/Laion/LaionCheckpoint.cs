using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;
using HumanClap.Audio;
using HumanClap.Common;
using TorchSharp;
using static TorchSharp.torch;

namespace HumanClap.Model.Laion;

/// <summary>
/// LAION's own CLAP checkpoints (<c>630k-audioset-best.pt</c>, <c>630k-audioset-fusion-best.pt</c>,
/// <c>music_audioset_epoch_15_esc_90.14.pt</c>, ...): the <c>torch.save</c> of
/// <c>{'epoch', 'name', 'state_dict', 'optimizer'}</c> that laion_clap's training writes, read only with
/// <see cref="CheckpointLoadOptions.AllowPickle"/>. The state dict is taken as laion_clap's
/// <c>load_state_dict</c> takes it (<c>state_dict</c> or the top-level dict, <c>module.</c> stripped), renamed to the
/// Hugging Face <see cref="ClapModel"/>'s names (<see cref="LaionKeyMap"/>) and loaded strictly: every missing,
/// unexpected or mis-shaped key is named (by its name in the file), except the keys laion_clap ignores too.
/// </summary>
public static class LaionCheckpoint
{
    public const string Extension = ".pt";

    /// <summary>A <c>.pt</c> file, or a folder without <c>config.json</c> holding exactly one.</summary>
    public static bool IsLaion(string path) => FindCheckpoint(path) is not null;

    /// <summary>The <c>.pt</c> that <paramref name="path"/> names or holds (null when it is neither).</summary>
    public static string? FindCheckpoint(string path)
    {
        if (File.Exists(path))
            return string.Equals(Path.GetExtension(path), Extension, StringComparison.OrdinalIgnoreCase) ? path : null;
        if (!Directory.Exists(path) || File.Exists(Path.Combine(path, CheckpointIO.ConfigFile))) return null;
        var found = Directory.EnumerateFiles(path, "*" + Extension).ToList();
        return found.Count == 1 ? found[0] : null;
    }

    /// <summary>The folder where <c>vocab.json</c> and <c>merges.txt</c> are looked for:
    /// <paramref name="processorDir"/> when given, else the checkpoint's own folder.</summary>
    public static string TokenizerDir(string checkpoint, string? processorDir) =>
        processorDir ?? Path.GetDirectoryName(Path.GetFullPath(FindCheckpoint(checkpoint) ?? checkpoint))!;

    /// <summary>The RoBERTa tokenizer for a LAION checkpoint (see <see cref="TokenizerDir"/>); missing files are a
    /// user error that says where they were looked for and how to give them.</summary>
    public static HumanClap.Text.ClapTokenizer Tokenizer(string checkpoint, string? processorDir)
    {
        var dir = TokenizerDir(checkpoint, processorDir);
        RequireTokenizerFiles(dir);
        return HumanClap.Text.ClapTokenizer.FromPretrained(dir);
    }

    private static void RequireTokenizerFiles(string dir)
    {
        foreach (var f in TokenizerFiles)
            if (!File.Exists(Path.Combine(dir, f)))
                throw new UserInputException($"{Path.Combine(dir, f)} not found: a LAION checkpoint needs RoBERTa's " +
                                             "tokenizer files (roberta-base's vocab.json and merges.txt); put them " +
                                             "beside the checkpoint or give their folder (--processor DIR)");
    }

    /// <summary>Builds the model for the preset the keys show and loads the weights strictly.</summary>
    public static ClapModel Load(string path, CheckpointLoadOptions? options = null)
    {
        options ??= new CheckpointLoadOptions();
        var model = LoadOnCpu(path, options.AllowPickle);
        if (options.Device is not null) model.to(options.Device);
        return model;
    }

    /// <summary><see cref="Load"/> and laion_clap's own preprocessing for the checkpoint (the unfused front end's
    /// kernels come from the same read of the file).</summary>
    public static (ClapModel Model, LaionPreprocessor Preprocessor) LoadWithPreprocessor(string path,
        CheckpointLoadOptions? options = null)
    {
        options ??= new CheckpointLoadOptions();
        LaionPreprocessor? preprocessor = null;
        var model = LoadOnCpu(path, options.AllowPickle, (weights, pt) => preprocessor = weights.Any(w =>
            w.Key.StartsWith("audio_branch.patch_embed.mel_conv2d.", StringComparison.Ordinal))
            ? LaionPreprocessor.Fused()
            : LaionPreprocessor.Unfused(LaionFrontEnd.FromStateDict(weights, pt)));
        if (options.Device is not null) model.to(options.Device);
        return (model, preprocessor!);
    }

    private static ClapModel LoadOnCpu(string path, bool allowPickle,
        Action<List<(string Key, Tensor Value)>, string>? alsoRead = null)
    {
        var pt = FindCheckpoint(path) ?? throw new MissingFileException(
            $"LAION checkpoint not found: {path} (give the .pt file or a folder holding exactly one)", path);
        var (weights, unprefixed) = ReadStateDict(pt, allowPickle);
        try
        {
            var model = FromStateDict(weights, unprefixed, pt,
                Path.Combine(Path.GetDirectoryName(Path.GetFullPath(pt))!, LaionPreset.ModelConfigFile));
            alsoRead?.Invoke(weights, pt);
            return model;
        }
        finally
        {
            foreach (var (_, t) in weights) t.Dispose();
        }
    }

    /// <summary>The model for a laion_clap state dict (prefix already stripped; the caller keeps ownership of the
    /// tensors): preset inferred, keys renamed, loaded strictly, in eval mode.</summary>
    /// <param name="unprefixed">Keys that lacked <c>module.</c> when the others had it (reported as unexpected).
    /// </param>
    /// <param name="modelConfigPath">laion_clap's model_config.json, read when it exists (RoBERTa's heads).</param>
    internal static ClapModel FromStateDict(IReadOnlyList<(string Key, Tensor Value)> weights,
        IReadOnlyList<string> unprefixed, string source, string? modelConfigPath)
    {
        var origin = new Dictionary<string, string>(StringComparer.Ordinal);
        var misShaped = new List<string>();
        var hf = LaionKeyMap.Map(weights, origin, misShaped);
        try
        {
            var model = new ClapModel(LaionPreset.Infer(hf, source, modelConfigPath));
            try
            {
                LoadStrict(model, hf, origin, unprefixed, misShaped, source);
                model.eval();
                return model;
            }
            catch
            {
                model.Dispose();
                throw;
            }
        }
        finally
        {
            foreach (var t in hf.Values) t.Dispose();
        }
    }

    /// <summary><see cref="CheckpointIO.LoadStrict"/>, with every offender named as the file names it.</summary>
    private static void LoadStrict(ClapModel model, Dictionary<string, Tensor> hf, Dictionary<string, string> origin,
        IReadOnlyList<string> unprefixed, List<string> misShaped, string source)
    {
        string InFile(string hfKey) => origin.TryGetValue(hfKey, out var k) ? k : LaionKeyMap.ToLaion(hfKey);
        var unexpectedExtra = unprefixed.Select(k => $"{k} (lacks the '{LaionKeyMap.DataParallelPrefix}' prefix " +
                                                     "of the other keys)").ToList();
        var splitFailed = misShaped.Select(m => m[..m.IndexOf(':')]).ToHashSet(StringComparer.Ordinal);
        IReadOnlyList<string> missing = [], unexpected = [], shapes = [];
        try
        {
            CheckpointIO.LoadStrict(model, hf, source);
        }
        catch (CheckpointMismatchException e)
        {
            (missing, unexpected, shapes) = (e.Missing, e.Unexpected, e.ShapeMismatches);
        }
        if (missing.Count + unexpected.Count + shapes.Count + misShaped.Count + unexpectedExtra.Count == 0) return;
        // The model's names would not help someone reading the .pt: each key is named as in the file (the q/k/v
        // thirds of one qkv tensor once; a qkv that could not be split is reported as mis-shaped only).
        string Named(string entry)
        {
            int colon = entry.IndexOf(':');
            var key = colon < 0 ? entry : entry[..colon];
            return colon < 0 ? InFile(key) : InFile(key) + entry[colon..];
        }
        throw new CheckpointMismatchException(source,
            missing.Select(Named).Where(k => !splitFailed.Contains(k)).Distinct().ToList(),
            unexpected.Select(Named).Distinct().Concat(unexpectedExtra).ToList(),
            shapes.Select(Named).Distinct().Concat(misShaped).ToList(),
            "the sizes its keys show (names as in the file, without 'module.')");
    }

    /// <summary>The state dict as laion_clap's <c>load_state_dict</c> takes it: <c>state_dict</c> when the top level
    /// is a dict holding one, else the top level itself; <c>module.</c> removed when the first key has it (laion_clap
    /// then cuts 7 characters off every key: a key without the prefix is returned in <c>Unprefixed</c>, not
    /// mangled). Tensors come in file order.</summary>
    internal static (List<(string Key, Tensor Value)> Weights, List<string> Unprefixed) ReadStateDict(string pt,
        bool allowPickle)
    {
        var top = TorchPickleReader.LoadTrusted(pt, allowPickle);
        if (top is not IDictionary topDict)
        {
            DisposeTensors(top);
            throw new UserInputException($"{pt}: expected a dict (laion_clap's checkpoint or a state dict)");
        }
        var stateDict = topDict.Contains("state_dict") && topDict["state_dict"] is IDictionary inner ? inner : topDict;
        var keys = (stateDict is TorchPickleReader.OrderedStateDict ordered
            ? ordered.OrderedKeys : stateDict.Keys.Cast<object>()).OfType<object>().ToList();
        bool prefixed = keys.Count > 0 && keys[0] is string first
                        && first.StartsWith("module", StringComparison.Ordinal);
        var weights = new List<(string, Tensor)>();
        var unprefixed = new List<string>();
        var notTensors = new List<string>();
        foreach (var key in keys)
        {
            var name = key as string ?? key.ToString() ?? "";
            if (stateDict[key] is not Tensor t) { notTensors.Add(name); continue; }
            if (!prefixed) weights.Add((name, t));
            else if (name.StartsWith(LaionKeyMap.DataParallelPrefix, StringComparison.Ordinal))
                weights.Add((name[LaionKeyMap.DataParallelPrefix.Length..], t));
            else { unprefixed.Add(name); t.Dispose(); }
        }
        // The optimizer state and anything else beside the state dict are not needed.
        foreach (DictionaryEntry e in topDict)
            if (!ReferenceEquals(e.Value, stateDict)) DisposeTensors(e.Value);
        if (notTensors.Count > 0 && ReferenceEquals(stateDict, topDict) && weights.Count == 0)
            throw new UserInputException($"{pt}: no 'state_dict' and no tensors at the top level " +
                                           $"(keys: {string.Join(", ", notTensors.Take(10))})");
        if (notTensors.Count > 0 && !ReferenceEquals(stateDict, topDict))
        {
            foreach (var (_, t) in weights) t.Dispose();
            throw new UserInputException($"{pt}: state_dict entries that are not tensors: " +
                                           string.Join(", ", notTensors));
        }
        return (weights, unprefixed);
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

    /// <summary>What Hugging Face's <c>laion/clap-htsat-unfused</c> / <c>-fused</c> processors hold: the
    /// extractor HumanClap uses for these weights (laion_clap's own in-model torchlibrosa front end is not it).
    /// </summary>
    public static FeatureExtractorConfig ExtractorConfig(bool fused) => new()
    {
        FrequencyMin = 0,
        FrequencyMax = 14_000,
        Truncation = fused ? TruncationMode.Fusion : TruncationMode.RandTrunc,
        Padding = PaddingMode.RepeatPad,
    };

    /// <summary>The feature extractor for a LAION checkpoint: <c>preprocessor_config.json</c> from
    /// <paramref name="processorDir"/> when it has one, else <see cref="ExtractorConfig"/>.</summary>
    public static ClapFeatureExtractor Extractor(ClapModel model, string? processorDir)
    {
        var file = processorDir is null ? null : Path.Combine(processorDir, PreprocessorFile);
        return file is not null && File.Exists(file)
            ? new ClapFeatureExtractor(FeatureExtractorConfig.Load(file))
            : new ClapFeatureExtractor(ExtractorConfig(model.Config.Audio.EnableFusion));
    }

    public const string PreprocessorFile = "preprocessor_config.json";
    private static readonly string[] TokenizerFiles = ["vocab.json", "merges.txt"];

    /// <summary>
    /// Writes the checkpoint once as a Hugging Face folder that HumanClap and transformers' <c>ClapModel</c> /
    /// <c>ClapProcessor</c> load: config.json, model.safetensors (the loaded model's state dict), the tokenizer
    /// files (vocab.json, merges.txt from <paramref name="tokenizerDir"/>, tokenizer_config.json,
    /// special_tokens_map.json) and preprocessor_config.json; each file via a temporary file and a rename.
    /// </summary>
    public static void Convert(string pt, string outDir, bool allowPickle, string tokenizerDir)
    {
        RequireTokenizerFiles(tokenizerDir);
        using var model = LoadOnCpu(pt, allowPickle);
        Directory.CreateDirectory(outDir);
        foreach (var f in TokenizerFiles)
            AtomicFile.WriteAllBytes(Path.Combine(outDir, f), File.ReadAllBytes(Path.Combine(tokenizerDir, f)));
        WriteJson(Path.Combine(outDir, "tokenizer_config.json"), TokenizerConfig());
        WriteJson(Path.Combine(outDir, "special_tokens_map.json"), SpecialTokens());
        WriteJson(Path.Combine(outDir, PreprocessorFile), PreprocessorJson(model.Config.Audio.EnableFusion));
        // Weights and config.json last: a folder with a config.json is complete.
        model.SavePretrained(outDir);
    }

    private static JsonObject SpecialTokens() => new()
    {
        ["bos_token"] = "<s>", ["eos_token"] = "</s>", ["unk_token"] = "<unk>", ["sep_token"] = "</s>",
        ["pad_token"] = "<pad>", ["cls_token"] = "<s>",
        ["mask_token"] = new JsonObject { ["content"] = "<mask>", ["lstrip"] = true, ["rstrip"] = false,
            ["normalized"] = false, ["single_word"] = false },
    };

    private static JsonObject TokenizerConfig()
    {
        var json = SpecialTokens();
        json["tokenizer_class"] = "RobertaTokenizer";
        json["processor_class"] = "ClapProcessor";
        json["model_max_length"] = 512;
        json["add_prefix_space"] = false;
        json["errors"] = "replace";
        json["trim_offsets"] = true;
        return json;
    }

    private static JsonObject PreprocessorJson(bool fused)
    {
        var c = ExtractorConfig(fused);
        return new JsonObject
        {
            ["feature_extractor_type"] = "ClapFeatureExtractor",
            ["processor_class"] = "ClapProcessor",
            ["feature_size"] = c.FeatureSize,
            ["fft_window_size"] = c.FftWindowSize,
            ["frequency_max"] = c.FrequencyMax,
            ["frequency_min"] = c.FrequencyMin,
            ["hop_length"] = c.HopLength,
            ["max_length_s"] = c.MaxLengthSeconds,
            ["nb_frequency_bins"] = c.FrequencyBins,
            ["nb_max_samples"] = c.MaxSamples,
            ["padding"] = "repeatpad",
            ["padding_side"] = "right",
            ["padding_value"] = 0.0,
            ["return_attention_mask"] = false,
            ["sampling_rate"] = c.SamplingRate,
            ["top_db"] = null,
            ["truncation"] = fused ? "fusion" : "rand_trunc",
        };
    }

    private static void WriteJson(string path, JsonObject json) =>
        AtomicFile.WriteAllText(path, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
}
