using System.Text.Json.Serialization;

namespace HumanClap.Synthetic;

/// <summary>Size of a synthetic world. Captions are split AudioCaps-like into train and test; every caption has one
/// natural clip and one clip per simulated text-to-audio system; pretrain clips are natural and unrated.</summary>
public sealed record WorldScale(string Name, int TrainCaptions, int TestCaptions, int PretrainClips,
                                double MinSeconds, double MaxSeconds, int RatingsPerPair = 4, int PairsPerSession = 18,
                                double CarelessShare = 0.15)
{
    public CaptionNoise Noise { get; init; } = CaptionNoise.Default;

    /// <summary>Fine-tuning epochs of a reproduce run on this world when --epochs is not given. Not part of the
    /// world (it decides nothing in it), so world.json leaves it out.</summary>
    [JsonIgnore] public int DefaultEpochs { get; init; } = 5;

    /// <summary>Baseline pretraining epochs of a reproduce run on this world when --pretrain-epochs is not given;
    /// left out of world.json like <see cref="DefaultEpochs"/>.</summary>
    [JsonIgnore] public int DefaultPretrainEpochs { get; init; } = 15;

    /// <summary>For tests: generates in seconds (and trains in a few minutes).</summary>
    public static WorldScale Tiny { get; } =
        new("tiny", 16, 12, 100, 2.0, 3.0) { DefaultEpochs = 2, DefaultPretrainEpochs = 4 };

    /// <summary>For the main job: sized so world + pretraining + 5 fine-tunings of clap-mini fit ~20 min on 2
    /// cores.</summary>
    public static WorldScale Default { get; } = new("default", 170, 130, 800, 2.0, 4.0);

    public int Captions => TrainCaptions + TestCaptions;

    public static WorldScale FromName(string name) => name.ToLowerInvariant() switch
    {
        "tiny" => Tiny,
        "default" => Default,
        _ => throw new Common.UserInputException($"unknown world scale '{name}' (expected tiny or default)"),
    };
}
