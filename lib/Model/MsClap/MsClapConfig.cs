using System.Text.Json;
using System.Text.Json.Serialization;
using HumanClap.Common;

namespace HumanClap.Model.MsClap;

/// <summary>
/// An MS CLAP model's hyper-parameters: <c>msclap_config.json</c> of a converted folder (snake_case, bound
/// strictly: a missing required field or a wrong type is a <see cref="JsonException"/> naming it), or one of the
/// real presets for msclap's own <c>CLAP_weights_2022.pth</c> / <c>CLAP_weights_2023.pth</c>, which carry none.
/// </summary>
public sealed record MsClapConfig
{
    public const string FileName = "msclap_config.json";

    public required string Version { get; init; }
    public required MsClapYaml YamlEffective { get; init; }
    public required MsClapTextModel TextModel { get; init; }
    public required int DProj { get; init; }
    /// <summary>Initial value only: the trained <c>logit_scale</c> comes from the checkpoint.</summary>
    public double LogitScale { get; init; } = Math.Log(1 / 0.07);
    public MsClapHtsatSettings? Htsat { get; init; }
    public MsClapHtsatConfigPy? HtsatConfigPy { get; init; }
    public MsClapCnn14Settings? Cnn14 { get; init; }

    [JsonIgnore] public bool Is2023 => Version == "2023";
    /// <summary>Samples per clip at 44.1 kHz: 7 s (2023) or 5 s (2022).</summary>
    [JsonIgnore] public int ClipSamples => (int)Math.Round(YamlEffective.SamplingRate * YamlEffective.Duration);

    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.Strict,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Reads and validates <paramref name="path"/>; errors name the file and the field.</summary>
    public static MsClapConfig Load(string path)
    {
        if (!File.Exists(path)) throw new MissingFileException($"MS CLAP config not found: {path}", path);
        MsClapConfig? config;
        try { config = JsonSerializer.Deserialize<MsClapConfig>(File.ReadAllText(path), Json); }
        catch (JsonException e)
        {
            var where = e.Path is { Length: > 1 } p ? $" at {p}" : "";
            throw new UserInputException($"{path}: invalid MS CLAP config{where}: {e.Message}", e);
        }
        if (config is null) throw new UserInputException($"{path}: the config is null");
        config.Validate(path);
        return config;
    }

    /// <summary>Writes the config (temporary file + rename).</summary>
    public void Save(string path)
    {
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, JsonSerializer.Serialize(this, Json));
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>Checks the fields the chosen version needs; throws naming the first missing one.</summary>
    public void Validate(string source = "MS CLAP config")
    {
        void Need(bool ok, string field)
        {
            if (!ok) throw new UserInputException($"{source}: field '{field}' is required for version {Version}");
        }
        if (Version is not ("2022" or "2023"))
            throw new UserInputException(
                $"{source}: field 'version' must be \"2022\" or \"2023\", got \"{Version}\"");
        if (Is2023)
        {
            Need(Htsat is not null, "htsat");
            Need(TextModel.IsGpt2, "text_model.family = gpt2");
            Need(TextModel is { NEmbd: > 0, NLayer: > 0, NHead: > 0, NPositions: > 0 },
                "text_model.n_embd/n_layer/n_head/n_positions");
        }
        else
        {
            Need(Cnn14 is { Channels.Length: 6, Fc1.Length: 2 }, "cnn14 (6 channels, fc1 [in, out])");
            Need(TextModel.IsBert, "text_model.family = bert");
            Need(TextModel is { HiddenSize: > 0, NumHiddenLayers: > 0, NumAttentionHeads: > 0, IntermediateSize: > 0,
                MaxPositionEmbeddings: > 0 },
                "text_model.hidden_size/num_hidden_layers/num_attention_heads/intermediate_size/" +
                "max_position_embeddings");
        }
    }

    /// <summary>msclap's real 2023 model: HTSAT (96, [2,2,6,2], [4,8,16,32], 527 classes) + GPT-2 (768, 12 layers,
    /// 1024 positions), out_emb 768, d_proj 1024, text_len 77, 7 s at 44.1 kHz.</summary>
    public static MsClapConfig Preset2023() => new()
    {
        Version = "2023",
        YamlEffective = new MsClapYaml
        {
            AudioencName = "HTSAT", SamplingRate = 44100, Duration = 7, OutEmb = 768, DProj = 1024, TextLen = 77,
            TextModel = "gpt2", TransformerEmbedDim = 768, MelBins = 64,
        },
        TextModel = new MsClapTextModel
        {
            Family = "gpt2", VocabSize = 50257, NEmbd = 768, NLayer = 12, NHead = 12, NPositions = 1024,
        },
        DProj = 1024,
        Htsat = new MsClapHtsatSettings
        {
            NumClasses = 527, EmbedDim = 96, Depths = [2, 2, 6, 2], NumHeads = [4, 8, 16, 32],
        },
        HtsatConfigPy = new MsClapHtsatConfigPy(),
    };

    /// <summary>msclap's real 2022 model: Cnn14 ([64..2048], fc1 2048 -> 2048, 527 classes) + BERT base uncased,
    /// d_proj 1024, text_len 100, 5 s at 44.1 kHz.</summary>
    public static MsClapConfig Preset2022() => new()
    {
        Version = "2022",
        YamlEffective = new MsClapYaml
        {
            AudioencName = "Cnn14", SamplingRate = 44100, Duration = 5, OutEmb = 2048, DProj = 1024, TextLen = 100,
            TextModel = "bert-base-uncased", TransformerEmbedDim = 768, MelBins = 64,
        },
        TextModel = new MsClapTextModel
        {
            Family = "bert", VocabSize = 30522, HiddenSize = 768, NumHiddenLayers = 12, NumAttentionHeads = 12,
            IntermediateSize = 3072, MaxPositionEmbeddings = 512,
        },
        DProj = 1024,
        Cnn14 = new MsClapCnn14Settings { Channels = [64, 128, 256, 512, 1024, 2048], Fc1 = [2048, 2048],
            ClassesNum = 527 },
    };

    /// <summary>The preset of msclap's own checkpoint file (<c>CLAP_weights_2022.pth</c> / <c>..2023.pth</c>),
    /// or null when the name does not say.</summary>
    public static MsClapConfig? PresetForFileName(string path)
    {
        var name = Path.GetFileName(path);
        return name.Contains("2023", StringComparison.Ordinal) ? Preset2023()
            : name.Contains("2022", StringComparison.Ordinal) ? Preset2022() : null;
    }
}
