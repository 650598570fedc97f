using HumanClap.Audio;
using HumanClap.Audio.Laion;
using HumanClap.Common;
using HumanClap.Model;
using HumanClap.Model.Laion;

namespace HumanClap.Scoring.Protocols;

/// <summary>
/// How one evaluation toolkit computes CLAPScore, as settings HumanClap applies: the LAION checkpoint it scores with,
/// how a file becomes the model's input (downmix, resampler, level, int16, crop, padding) and how scores are summed up.
/// Every setting was read from the toolkit's code (<see cref="Source"/>); <see cref="Deviations"/> says where
/// HumanClap cannot do the same and what that changes. Selected with <c>score --protocol NAME</c>.
/// </summary>
public sealed record ClapScoreProtocol
{
    public required string Name { get; init; }
    /// <summary>The toolkit and the papers whose numbers it produced.</summary>
    public required string Toolkit { get; init; }
    /// <summary>Repository, commit and the lines the settings were read from.</summary>
    public required string Source { get; init; }
    /// <summary>The LAION checkpoint file the toolkit loads.</summary>
    public required string Checkpoint { get; init; }
    public required bool Fusion { get; init; }
    public ChannelDownmix Downmix { get; init; } = ChannelDownmix.Mean;
    public required ResamplerKind Resampler { get; init; }
    public int? IntermediateRate { get; init; }
    public LevelNormalisation Level { get; init; } = LevelNormalisation.None;
    public LaionClipRules Clips { get; init; } = LaionClipRules.Laion;
    /// <summary>Decimals the toolkit rounds its reported mean to (null: not rounded).</summary>
    public int? ReportedDecimals { get; init; }
    public required IReadOnlyList<string> Deviations { get; init; }

    /// <summary>The toolkit's summary: the mean of the unclamped cosines of the scored clips.</summary>
    public double Aggregate(IEnumerable<double> cosines)
    {
        var all = cosines.ToList();
        if (all.Count == 0) throw new InvalidOperationException("no clip was scored");
        return all.Average();
    }

    /// <summary>The aggregate as the toolkit prints it ("0.31" for a toolkit that rounds to two decimals).</summary>
    public string Reported(double aggregate) =>
        ReportedDecimals is int d ? Math.Round(aggregate, d, MidpointRounding.ToEven).ToString("F" + d,
            System.Globalization.CultureInfo.InvariantCulture)
        : aggregate.ToString("F4", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Settings a <see cref="ClapScorer"/> applies: the protocol's loader settings on top of
    /// <paramref name="options"/>'s device, cache and seed.</summary>
    public ScorerOptions Apply(ScorerOptions options) => options with
    {
        Protocol = this, LaionPreprocessing = true, Resampler = Resampler,
    };

    /// <summary>A protocol scores with a fused or an unfused model and prepares clips by its rules; the loaded
    /// checkpoint must be of its kind (its file name may differ: users rename downloads). A mismatch is an error
    /// naming both; the loader that owns the model disposes it.</summary>
    internal void Prepare(ClapModel model, string checkpoint, LaionPreprocessor? preprocessor)
    {
        bool fused = model.Config.Audio.EnableFusion;
        if (fused != Fusion || preprocessor is null)
        {
            throw new UserInputException(
                $"{checkpoint} is {(fused ? "a fused" : "an unfused")} CLAP model, but the {Name} protocol " +
                $"scores with {(Fusion ? "a fused" : "an unfused")} one ({Checkpoint})");
        }
        preprocessor.UseRules(Clips);
    }

    public override string ToString() => Name;
}
