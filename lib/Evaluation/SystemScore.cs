using HumanClap.Metrics;

namespace HumanClap.Evaluation;

/// <summary>A system's mean CLAPScore and mean cosine under one backbone over its scored prompts (of a category, or
/// all: ""), each with a 95% bootstrap interval over prompts.</summary>
public sealed record SystemScore(string Backbone, string System, string Category, int Prompts, Interval ClapScore,
    Interval Cosine);
