using HumanClap.Audio;
using HumanClap.Model;
using HumanClap.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace HumanClap.Scoring;

/// <summary>Options of a <see cref="ClapScorer"/>.</summary>
public sealed record ScorerOptions
{
    public Device? Device { get; init; }
    /// <summary>Read pickled <c>pytorch_model.bin</c> checkpoints (runs Python pickle code paths; trusted files only).</summary>
    public bool AllowPickle { get; init; }
    /// <summary>LAION's inference helper rounds the waveform through int16; off by default (HF does not).</summary>
    public bool QuantizeToInt16 { get; init; }
    /// <summary>Audio beyond this many seconds is not read, so memory stays bounded for very long files.
    /// Long clips are cropped (rand_trunc) or summarised (fusion) from what was read.</summary>
    public double MaxAudioSeconds { get; init; } = 60;
    /// <summary>Seed of the extractor's random crop / chunk choice for clips longer than 10 s.</summary>
    public int Seed { get; init; } = ClapFeatureExtractor.DefaultSeed;
}

/// <summary>One scored audio-text pair; <see cref="Error"/> is set (and the scores null) when the row failed.</summary>
public sealed record ScoredPair(int Index, string Audio, string Text, double? Cosine, double? ClapScore, string? Error)
{
    public bool Ok => Error is null;
}

/// <summary>Embeds audio and text with a CLAP checkpoint and scores pairs: CLAPScore = max(cos(audio, text), 0)
/// (paper eq. 1); the raw cosine is reported beside it because text-to-audio papers often average it unclamped.</summary>
public sealed class ClapScorer : IDisposable
{
    public ClapModel Model { get; }
    public ClapFeatureExtractor Extractor { get; }
    public ClapTokenizer Tokenizer { get; }
    public ScorerOptions Options { get; }
    private readonly Device _device;

    public ClapScorer(ClapModel model, ClapFeatureExtractor extractor, ClapTokenizer tokenizer, ScorerOptions? options = null)
    {
        Model = model; Extractor = extractor; Tokenizer = tokenizer; Options = options ?? new ScorerOptions();
        _device = Options.Device ?? CPU;
        Model.to(_device);
        Model.eval();
    }

    /// <summary>Loads model, feature extractor and tokenizer from a Hugging Face CLAP checkpoint folder.</summary>
    public static ClapScorer FromPretrained(string checkpointDir, ScorerOptions? options = null)
    {
        options ??= new ScorerOptions();
        var model = ClapModel.FromPretrained(checkpointDir, new CheckpointLoadOptions { AllowPickle = options.AllowPickle });
        return new ClapScorer(model, ClapFeatureExtractor.FromPretrained(checkpointDir), ClapTokenizer.FromPretrained(checkpointDir), options);
    }

    public static double ClapScore(double cosine) => Math.Max(cosine, 0);

    public AudioLoadOptions LoadOptions => new()
    {
        TargetSampleRate = Extractor.Config.SamplingRate,
        QuantizeToInt16 = Options.QuantizeToInt16,
        MaxSeconds = Options.MaxAudioSeconds,
    };

    /// <summary>Unit-norm audio embeddings (N, D) for mono waveforms at the extractor's rate, in batches.</summary>
    public float[,] EmbedAudio(IReadOnlyList<float[]> waveforms, int batchSize = 8)
    {
        var result = new float[waveforms.Count, Model.Config.ProjectionDim];
        for (int start = 0; start < waveforms.Count; start += batchSize)
        {
            var batch = waveforms.Skip(start).Take(batchSize).ToList();
            using var scope = NewDisposeScope();
            using var _ = inference_mode();
            using var features = Extractor.Extract(batch, Options.Seed);
            var embeds = Model.EncodeAudio(features.InputFeatures.to(_device), features.IsLonger.to(_device)).Embeds;
            CopyRows(embeds, result, start);
        }
        return result;
    }

    /// <summary>Unit-norm text embeddings (N, D), in batches padded to the longest text of each batch
    /// (the same embeddings as padding to 77, measurably faster; see README).</summary>
    public float[,] EmbedText(IReadOnlyList<string> texts, int batchSize = 8, TextPadding padding = TextPadding.Longest)
    {
        var result = new float[texts.Count, Model.Config.ProjectionDim];
        for (int start = 0; start < texts.Count; start += batchSize)
        {
            var batch = texts.Skip(start).Take(batchSize).ToList();
            using var scope = NewDisposeScope();
            using var _ = inference_mode();
            using var tokens = Tokenizer.Encode(batch, padding);
            var embeds = Model.EncodeText(tokens.InputIds.to(_device), tokens.AttentionMask.to(_device)).Embeds;
            CopyRows(embeds, result, start);
        }
        return result;
    }

    /// <summary>Scores (audio file, text) pairs in batches. A row whose audio cannot be read or whose text is empty
    /// gets an error and no scores; the other rows are scored. Audio is read batch by batch, so memory does not
    /// grow with the number of rows.</summary>
    public IReadOnlyList<ScoredPair> ScoreFiles(IReadOnlyList<(string AudioPath, string Text)> pairs, int batchSize = 8,
        IProgress<int>? progress = null)
    {
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), "batch size must be at least 1");
        var results = new ScoredPair[pairs.Count];
        for (int start = 0; start < pairs.Count; start += batchSize)
        {
            var ok = new List<(int Index, float[] Wave, string Text)>();
            for (int i = start; i < Math.Min(start + batchSize, pairs.Count); i++)
            {
                var (path, text) = pairs[i];
                string? error = null;
                float[]? wave = null;
                if (string.IsNullOrWhiteSpace(text)) error = "empty text";
                else
                {
                    try { wave = AudioLoader.Load(path, LoadOptions); }
                    catch (AudioLoadException e) { error = e.Message; }
                }
                if (error is null) ok.Add((i, wave!, text));
                else results[i] = new ScoredPair(i, path, text, null, null, error);
            }
            if (ok.Count > 0)
            {
                var cos = PairCosines(ok.Select(o => o.Wave).ToList(), ok.Select(o => o.Text).ToList());
                for (int k = 0; k < ok.Count; k++)
                    results[ok[k].Index] = Scored(ok[k].Index, pairs[ok[k].Index].AudioPath, ok[k].Text, cos[k]);
            }
            progress?.Report(Math.Min(start + batchSize, pairs.Count));
        }
        return results;
    }

    /// <summary>A NaN or infinite cosine (e.g. from an extreme input) is no score: the row fails, never a NaN in the output.</summary>
    private static ScoredPair Scored(int index, string path, string text, double cosine) => double.IsFinite(cosine)
        ? new ScoredPair(index, path, text, cosine, ClapScore(cosine), null)
        : new ScoredPair(index, path, text, null, null, $"{path}: the model gave a non-finite similarity ({cosine})");

    /// <summary>cos(audio_i, text_i) for matched lists of waveforms and texts (one batch).</summary>
    public double[] PairCosines(IReadOnlyList<float[]> waveforms, IReadOnlyList<string> texts)
    {
        if (waveforms.Count != texts.Count) throw new ArgumentException("waveforms and texts must have the same count");
        using var scope = NewDisposeScope();
        using var _ = inference_mode();
        using var features = Extractor.Extract(waveforms, Options.Seed);
        using var tokens = Tokenizer.Encode(texts, TextPadding.Longest);
        var a = Model.EncodeAudio(features.InputFeatures.to(_device), features.IsLonger.to(_device)).Embeds;
        var t = Model.EncodeText(tokens.InputIds.to(_device), tokens.AttentionMask.to(_device)).Embeds;
        return a.mul(t).sum(1).to(ScalarType.Float64).cpu().data<double>().ToArray();
    }

    private static void CopyRows(Tensor embeds, float[,] into, int rowOffset)
    {
        var data = embeds.to(ScalarType.Float32).cpu().contiguous().data<float>().ToArray();
        int d = into.GetLength(1);
        for (int r = 0; r < data.Length / d; r++)
            for (int c = 0; c < d; c++) into[rowOffset + r, c] = data[r * d + c];
    }

    public void Dispose() => Model.Dispose();
}
