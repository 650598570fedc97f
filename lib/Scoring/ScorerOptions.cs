using HumanClap.Audio;
using HumanClap.Common;
using HumanClap.Model;
using HumanClap.Model.Laion;
using HumanClap.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace HumanClap.Scoring;

/// <summary>Options of a <see cref="ClapScorer"/>.</summary>
public sealed record ScorerOptions
{
    public Device? Device { get; init; }
    /// <summary>Read pickled <c>pytorch_model.bin</c> checkpoints (runs Python pickle code paths; trusted files
    /// only).</summary>
    public bool AllowPickle { get; init; }
    /// <summary>LAION's inference helper rounds the waveform through int16; off by default (HF does not).</summary>
    public bool QuantizeToInt16 { get; init; }
    /// <summary>HF CLAP: how clips at other rates reach the extractor's rate (<see cref="ResamplerKind"/>). MS CLAP
    /// resamples as msclap does (torchaudio's sinc), so a checkpoint of that family refuses any other choice.
    /// </summary>
    public ResamplerKind Resampler { get; init; } = ResamplerKind.WdlSinc;
    /// <summary>Audio beyond this many seconds is not read, so memory stays bounded for very long files.
    /// Long clips are cropped (rand_trunc) or summarised (fusion) from what was read.</summary>
    public double MaxAudioSeconds { get; init; } = 60;
    /// <summary>Seed of the extractor's random crop / chunk choice for clips longer than 10 s (HF), of the crop of
    /// clips longer than 5 s / 7 s (MS CLAP).</summary>
    public int Seed { get; init; } = ClapFeatureExtractor.DefaultSeed;
    /// <summary>MS CLAP only: embed a long clip as the mean over all its 5 s / 7 s windows instead of one seeded crop
    /// (not msclap's behaviour; off by default).</summary>
    public bool MsClapMeanOverWindows { get; init; }
    /// <summary>Folder of an <see cref="EmbeddingCache"/> shared between runs (null: none). Needs the checkpoint's
    /// path (<see cref="ClapScorer.FromPretrained"/> gives it).</summary>
    public string? CacheDir { get; init; }
    /// <summary>Where a checkpoint's processor files come from when not from the checkpoint itself
    /// (<see cref="HfProcessorFiles"/>): preprocessor_config.json, vocab.json and merges.txt for a Hugging Face
    /// folder published without them (the Human-CLAP models), RoBERTa's vocab.json and merges.txt (and optionally
    /// a preprocessor_config.json) for a LAION <c>.pt</c>. Part of the embedding cache's key.</summary>
    public string? ProcessorDir { get; init; }
    /// <summary>Preprocess as laion_clap does (<see cref="LaionPreprocessor"/>: int16 truncation, repeatpad, per-clip
    /// seeded crop or fusion chunks, torchlibrosa / torchaudio mels) instead of Hugging Face's extractor. Null: on
    /// for a LAION <c>.pt</c>, off for a Hugging Face folder (true there rebuilds torchlibrosa's kernels).</summary>
    public bool? LaionPreprocessing { get; init; }
    /// <summary>An evaluation toolkit's way of scoring (<see cref="Protocols.ClapScoreProtocols"/>), set by
    /// <see cref="Protocols.ClapScoreProtocol.Apply"/>: its downmix, resampler, level step and clip rules on top of
    /// laion_clap's preprocessing. Null: none.</summary>
    public Protocols.ClapScoreProtocol? Protocol { get; init; }

    /// <summary>What every family's checkpoint reader takes from these options. The readers load on the CPU: the
    /// embedder moves the model to <see cref="Device"/> once the checkpoint has been checked, in one move, so a
    /// checkpoint a protocol rejects never reaches the GPU.</summary>
    internal CheckpointLoadOptions CheckpointLoad => new() { AllowPickle = AllowPickle };
}
