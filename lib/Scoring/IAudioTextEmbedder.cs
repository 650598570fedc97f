using static TorchSharp.torch;

namespace HumanClap.Scoring;

/// <summary>
/// What <see cref="ClapScorer"/> needs from a CLAP family: reading an audio file the family's way, and unit-norm
/// audio and text embeddings in one joint space. Hugging Face CLAP (<see cref="HfClapEmbedder"/>) and Microsoft
/// CLAP (<see cref="MsClapEmbedder"/>) implement it.
/// </summary>
public interface IAudioTextEmbedder : IDisposable
{
    /// <summary>Which model this is, for messages and reports (e.g. "HF CLAP", "MS CLAP 2023").</summary>
    string Family { get; }

    /// <summary>Sampling rate of the waveforms <see cref="EmbedAudio"/> takes.</summary>
    int SampleRate { get; }

    /// <summary>Width D of the joint embedding space.</summary>
    int EmbeddingSize { get; }

    /// <summary>Every setting besides the checkpoint's files that changes an audio embedding (sample rate,
    /// resampler, clip length and truncation, crop seed...): part of <see cref="EmbeddingCache"/>'s keys.</summary>
    string AudioSettings { get; }

    /// <summary>Every setting besides the checkpoint's files that changes a text embedding (tokenizer length,
    /// padding): part of <see cref="EmbeddingCache"/>'s keys.</summary>
    string TextSettings { get; }

    /// <summary>Decodes and prepares one file for <see cref="EmbedAudio"/>.</summary>
    /// <exception cref="Audio.AudioLoadException">The file is missing or cannot be decoded (message names
    /// it).</exception>
    float[] LoadAudio(string path);

    /// <returns>(B, D) unit-norm float32 embeddings on the CPU.</returns>
    Tensor EmbedAudio(IReadOnlyList<float[]> waveforms);

    /// <returns>(B, D) unit-norm float32 embeddings on the CPU.</returns>
    Tensor EmbedTexts(IReadOnlyList<string> texts);
}
