using HumanClap.Common;
using System.Text.Json.Nodes;
using HumanClap.Model;
using TorchSharp;

namespace HumanClap.Synthetic;

/// <summary>
/// clap-mini: an untrained CLAP small enough to train on two CPU cores, in Hugging Face's folder format.
/// The audio window is 5 s at 48 kHz with a 960-sample hop (251 frames x 64 mel), and spec_size 128 makes HTSAT
/// take 256 frames (freq ratio 2) instead of 1024, so the synthetic 2-5 s clips are not padded to 10 s and the
/// encoder sees 4x fewer patches than HTSAT-tiny.
/// </summary>
public static class ClapMini
{
    public const int MaxMerges = 1500;

    public static ClapConfig Config(int vocabSize = 1024) => new()
    {
        ProjectionDim = 128,
        Audio = new ClapAudioConfig
        {
            SpecSize = 128, NumMelBins = 64, PatchSize = 4, PatchStride = [4, 4], PatchEmbedsHiddenSize = 32,
            Depths = [1, 1, 1, 1], NumAttentionHeads = [1, 2, 4, 8], WindowSize = 8, HiddenSize = 256,
            EnableFusion = false,
        },
        Text = new ClapTextConfig
        {
            VocabSize = vocabSize, HiddenSize = 96, NumHiddenLayers = 3, NumAttentionHeads = 4, IntermediateSize = 384,
            MaxPositionEmbeddings = 80,
        },
    };

    /// <summary>Writes config.json, model.safetensors (seeded random init), vocab.json, merges.txt learned from
    /// <paramref name="corpus"/>, and preprocessor_config.json.</summary>
    public static void Create(string outDir, int seed, IEnumerable<string> corpus)
    {
        var texts = corpus.ToList();
        if (texts.Count == 0) throw new ArgumentException("the tokenizer corpus is empty", nameof(corpus));
        var (vocab, merges) = ByteLevelBpe.Train(texts, MaxMerges);
        ByteLevelBpe.Save(outDir, vocab, merges);

        torch.manual_seed(seed);
        using var model = new ClapModel(Config(vocab.Count));
        model.SavePretrained(outDir);
        AtomicFile.WriteAllText(Path.Combine(outDir, "preprocessor_config.json"), PreprocessorConfig().ToJsonString(
            new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    public static JsonObject PreprocessorConfig() => new()
    {
        ["feature_extractor_type"] = "ClapFeatureExtractor",
        ["feature_size"] = 64,
        ["fft_window_size"] = 1024,
        ["frequency_max"] = 14000,
        ["frequency_min"] = 50,
        ["hop_length"] = 960,
        ["max_length_s"] = 5,
        ["nb_frequency_bins"] = 513,
        ["nb_max_samples"] = 240000,
        ["padding"] = "repeatpad",
        ["padding_side"] = "right",
        ["padding_value"] = 0.0,
        ["return_attention_mask"] = false,
        ["sampling_rate"] = 48000,
        ["top_db"] = null,
        ["truncation"] = "rand_trunc",
    };
}
