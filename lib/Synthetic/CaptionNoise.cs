using System.Text.Json.Serialization;

namespace HumanClap.Synthetic;

/// <summary>How often the web-like pretraining captions go wrong (the mechanism the paper blames for CLAPScore's
/// weak agreement with people). Each rate applies independently per caption.</summary>
public sealed record CaptionNoise(double OmitEventRate = 0.3, double WrongAttributeRate = 0.25,
    double VagueRate = 0.25, double DropOrderRate = 0.2)
{
    public static CaptionNoise Default { get; } = new();
}
