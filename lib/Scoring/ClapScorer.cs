using HumanClap.Audio;
using HumanClap.Common;
using HumanClap.Model;
using HumanClap.Scoring.Families;
using HumanClap.Text;
using static TorchSharp.torch;

namespace HumanClap.Scoring;

/// <summary>Embeds audio and text with a CLAP checkpoint of either family (<see cref="IAudioTextEmbedder"/>: Hugging
/// Face / LAION CLAP or Microsoft CLAP) and scores pairs: CLAPScore = max(cos(audio, text), 0) (paper eq. 1); the
/// raw cosine is reported beside it because text-to-audio papers often average it unclamped.</summary>
public sealed class ClapScorer : IDisposable
{
    private readonly Lazy<EmbeddingCache?> _cache;

    public IAudioTextEmbedder Embedder { get; }
    public ScorerOptions Options { get; }
    /// <summary>Clips decoded, clips and texts encoded, cache hits: what this scorer's runs cost.</summary>
    public ScoringCounters Counters { get; } = new();

    /// <param name="checkpoint">Where the model was loaded from; needed (and hashed, on first use) only with
    /// <see cref="ScorerOptions.CacheDir"/>.</param>
    public ClapScorer(IAudioTextEmbedder embedder, ScorerOptions? options = null, string? checkpoint = null)
    {
        Embedder = embedder;
        Options = options ?? new ScorerOptions();
        if (Options.CacheDir is not null && checkpoint is null)
            throw new ArgumentException("an embedding cache needs the checkpoint's path (its files are hashed)",
                nameof(checkpoint));
        _cache = new Lazy<EmbeddingCache?>(() => Options.CacheDir is { } dir
            ? EmbeddingCache.Open(dir, checkpoint!, Embedder, (Options.Device ?? CPU).type.ToString(),
                Options.ProcessorDir)
            : null);
    }

    public ClapScorer(ClapModel model, ClapFeatureExtractor extractor, ClapTokenizer tokenizer,
        ScorerOptions? options = null)
        : this(new HfClapEmbedder(model, extractor, tokenizer, options ?? new ScorerOptions()), options)
    {
    }

    /// <summary>Loads a checkpoint, detecting its family: <c>msclap_config.json</c> or <c>CLAP_weights_*.pth</c> is
    /// Microsoft CLAP, a LAION <c>.pt</c> (or a folder without config.json holding one) is LAION CLAP, mapped onto
    /// the Hugging Face model, a folder with <c>config.json</c> is a Hugging Face CLAP checkpoint.</summary>
    public static ClapScorer FromPretrained(string checkpoint, ScorerOptions? options = null)
    {
        options ??= new ScorerOptions();
        return new ClapScorer(CheckpointFamilies.Of(checkpoint).Load(checkpoint, options), options, checkpoint);
    }

    public static double ClapScore(double cosine) => Math.Max(cosine, 0);

    /// <summary>The cosine of each (audio, text) row pair of two unit-norm (N, D) embedding matrices: the one
    /// definition every score uses.</summary>
    public static double[] RowCosines(Tensor audioUnit, Tensor textUnit)
    {
        using var cos = audioUnit.mul(textUnit).sum(1).to(ScalarType.Float64).cpu();
        return cos.data<double>().ToArray();
    }

    /// <summary><see cref="RowCosines(Tensor, Tensor)"/> for embeddings kept as arrays (one per row).</summary>
    public static double[] RowCosines(IReadOnlyList<float[]> audioUnit, IReadOnlyList<float[]> textUnit)
    {
        if (audioUnit.Count != textUnit.Count) throw new ArgumentException("audio and text must have the same count");
        if (audioUnit.Count == 0) return [];
        long d = audioUnit[0].Length;
        using var a = tensor(audioUnit.SelectMany(x => x).ToArray(), [audioUnit.Count, d]);
        using var t = tensor(textUnit.SelectMany(x => x).ToArray(), [textUnit.Count, d]);
        return RowCosines(a, t);
    }

    private HfClapEmbedder Hf => Embedder as HfClapEmbedder
        ?? throw new InvalidOperationException(
            $"this scorer holds {Embedder.Family}, not a Hugging Face CLAP model");

    /// <summary>The Hugging Face model (HF checkpoints only).</summary>
    public ClapModel Model => Hf.Model;
    public ClapFeatureExtractor Extractor => Hf.Extractor;
    public ClapTokenizer Tokenizer => Hf.Tokenizer;
    /// <summary>How <see cref="LoadAudio"/> reads files for a Hugging Face model.</summary>
    public AudioLoadOptions LoadOptions => Hf.LoadOptions;

    /// <summary>Reads a file the way the model's family does (rate, channels, clip length).</summary>
    public float[] LoadAudio(string path) => Embedder.LoadAudio(path);

    /// <summary>Unit-norm audio embeddings (N, D) for waveforms from <see cref="LoadAudio"/>, in batches.</summary>
    public float[,] EmbedAudio(IReadOnlyList<float[]> waveforms, int batchSize = 8) =>
        Batched(waveforms, batchSize, Embedder.EmbedAudio);

    /// <summary>Unit-norm text embeddings (N, D), in batches.</summary>
    public float[,] EmbedText(IReadOnlyList<string> texts, int batchSize = 8) =>
        Batched(texts, batchSize, Embedder.EmbedTexts);

    private float[,] Batched<T>(IReadOnlyList<T> items, int batchSize, Func<IReadOnlyList<T>, Tensor> embed)
    {
        var result = new float[items.Count, Embedder.EmbeddingSize];
        for (int start = 0; start < items.Count; start += batchSize)
        {
            using var embeds = embed(items.Skip(start).Take(batchSize).ToList());
            CopyRows(embeds, result, start);
        }
        return result;
    }

    /// <summary>Every clip against every text, each clip and text embedded once (N + M encodings for N × M
    /// cosines).</summary>
    public SimilarityMatrix Similarity(IReadOnlyList<string> audioPaths, IReadOnlyList<string> texts,
        int batchSize = 8)
    {
        var audio = Rows(EmbedAudio(audioPaths.Select(LoadAudio).ToList(), batchSize));
        var text = Rows(EmbedText(texts, batchSize));
        var grid = (from a in audio from t in text select (a, t)).ToList();
        var flat = RowCosines(grid.Select(g => g.a).ToList(), grid.Select(g => g.t).ToList());
        var cosines = new double[audio.Count, text.Count];
        for (int i = 0; i < flat.Length; i++) cosines[i / text.Count, i % text.Count] = flat[i];
        return new SimilarityMatrix(audioPaths.ToList(), texts.ToList(), cosines);
    }

    private static List<float[]> Rows(float[,] matrix) =>
        Enumerable.Range(0, matrix.GetLength(0))
            .Select(r => Enumerable.Range(0, matrix.GetLength(1)).Select(c => matrix[r, c]).ToArray()).ToList();

    /// <summary>Scores (audio file, text) pairs (see <see cref="ScoreStream"/>); one result per pair, in order.
    /// </summary>
    public IReadOnlyList<ScoredPair> ScoreFiles(IReadOnlyList<(string AudioPath, string Text)> pairs,
        int batchSize = 8, IProgress<int>? progress = null) => ScoreStream(pairs, batchSize, progress).ToList();

    /// <summary>
    /// Scores (audio file, text) pairs, yielding each result in input order as soon as its batch is scored. Each
    /// unique clip (by path) and unique text is embedded once per run, unique clips <paramref name="batchSize"/> at
    /// a time, through the <see cref="EmbeddingCache"/> when <see cref="ScorerOptions.CacheDir"/> is set; the pairs
    /// are then scored from the embeddings. A row whose audio cannot be read or whose text is empty gets an error
    /// and no scores; the other rows are scored. Memory holds embeddings and at most one batch of audio and
    /// <see cref="RowWindow"/> rows, whatever the number of rows.
    /// </summary>
    /// <param name="progress">Rows done so far, after each scored window.</param>
    public IEnumerable<ScoredPair> ScoreStream(IReadOnlyList<(string AudioPath, string Text)> pairs,
        int batchSize = 8, IProgress<int>? progress = null)
    {
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), "batch size must be at least 1");
        return ScoreWindows(pairs, batchSize, progress);
    }

    /// <summary>The embeddings of one run through this scorer's cache, for callers that batch clips themselves
    /// (evaluation shards batch canonically so that a shard's embeddings are the single run's, bit for bit).
    /// </summary>
    internal RunEmbeddings NewRun() => new(Embedder, _cache.Value, Counters);

    /// <summary>
    /// The rows of one <see cref="Shard"/> of a scoring job, in input order, each as the single run (<see
    /// cref="ScoreStream"/>) scores it, bit for bit: the rows are cut into the single run's windows; a row belongs to
    /// the shard of the window where its clip is first needed (rows without a clip to the shard of their own window),
    /// so every clip is encoded by one shard, in the single run's batch. Each text is embedded in the single run's
    /// text batch too (the batch of the window that first needs it; texts are cheap, so a shard may embed a few
    /// another shard also embeds). With a cache, entries another shard wrote are read instead of encoded.
    /// </summary>
    public IReadOnlyList<ScoredPair> ScoreShard(IReadOnlyList<(string AudioPath, string Text)> pairs, int batchSize,
        Shard shard, IProgress<int>? progress = null)
    {
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), "batch size must be at least 1");
        var windows = PlanWindows(pairs, batchSize).ToList();
        var rowWindow = new int[pairs.Count];
        var clipWindow = new Dictionary<string, int>(StringComparer.Ordinal);
        var textWindow = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int w = 0; w < windows.Count; w++)
        {
            foreach (int row in windows[w].Rows) rowWindow[row] = w;
            foreach (var clip in windows[w].NewClips) clipWindow[clip] = w;
            foreach (var text in windows[w].NewTexts) textWindow[text] = w;
        }
        int Owner(int row) => clipWindow.TryGetValue(pairs[row].AudioPath, out int w) && NeedsClip(pairs[row])
            ? w : rowWindow[row];
        var mine = Enumerable.Range(0, pairs.Count).Where(row => shard.TakesBatch(Owner(row))).ToList();

        var run = NewRun();
        int done = 0;
        foreach (int w in mine.Select(Owner).Distinct().Order())
        {
            run.AddClips(run.PrepareClips(windows[w].NewClips));
            progress?.Report(done += windows[w].NewClips.Count);
        }
        foreach (int w in mine.Where(row => NeedsClip(pairs[row])).Select(row => textWindow[pairs[row].Text])
                     .Distinct().Order())
            run.AddTexts(windows[w].NewTexts, batchSize);
        return ScoreWindow(run, pairs, mine);
    }

    private static bool NeedsClip((string AudioPath, string Text) pair) => !string.IsNullOrWhiteSpace(pair.Text);

    /// <summary>Rows waiting for their clips are scored at the latest after this many, so results stream out even
    /// when few clips are new (e.g. one clip against many texts).</summary>
    public const int RowWindow = 512;

    /// <summary>Decodes the clips of the next window on a background thread while this one is encoded (at most
    /// three windows of audio are alive: encoding, waiting, being decoded); batches and results are those of a
    /// sequential run.</summary>
    private IEnumerable<ScoredPair> ScoreWindows(IReadOnlyList<(string AudioPath, string Text)> pairs, int batchSize,
        IProgress<int>? progress)
    {
        var run = NewRun();
        var windows = Prefetch.Ahead(PlanWindows(pairs, batchSize), w => run.PrepareClips(w.NewClips));
        foreach (var (window, clips) in windows)
        {
            run.AddClips(clips);
            run.AddTexts(window.NewTexts, batchSize);
            foreach (var scored in ScoreWindow(run, pairs, window.Rows)) yield return scored;
            progress?.Report(window.RowsDone);
        }
    }

    /// <summary>Consecutive rows, the clips and texts first needed by them, and how many rows are done after them.
    /// </summary>
    private sealed record RowWindowPlan(List<int> Rows, List<string> NewClips, List<string> NewTexts, int RowsDone);

    /// <summary>Cuts the rows into windows that each bring at most <paramref name="batchSize"/> new clips (one
    /// encoder batch) and at most <see cref="RowWindow"/> rows. A row with an empty text needs no embedding.
    /// </summary>
    private static IEnumerable<RowWindowPlan> PlanWindows(IReadOnlyList<(string AudioPath, string Text)> pairs,
        int batchSize)
    {
        var seenClips = new HashSet<string>(StringComparer.Ordinal);
        var seenTexts = new HashSet<string>(StringComparer.Ordinal);
        var window = new RowWindowPlan([], [], [], 0);
        for (int i = 0; i < pairs.Count; i++)
        {
            window.Rows.Add(i);
            var (path, text) = pairs[i];
            if (!string.IsNullOrWhiteSpace(text))
            {
                if (seenClips.Add(path)) window.NewClips.Add(path);
                if (seenTexts.Add(text)) window.NewTexts.Add(text);
            }
            if (window.NewClips.Count < batchSize && window.Rows.Count < RowWindow && i < pairs.Count - 1) continue;
            yield return window with { RowsDone = i + 1 };
            window = new RowWindowPlan([], [], [], 0);
        }
    }

    /// <summary>Scores rows whose clips and texts are embedded, all cosines in one <see cref="RowCosines"/>.
    /// </summary>
    private List<ScoredPair> ScoreWindow(RunEmbeddings run, IReadOnlyList<(string AudioPath, string Text)> pairs,
        List<int> rows)
    {
        var results = new ScoredPair?[rows.Count];
        var ready = new List<(int Slot, float[] Audio, float[] Text)>();
        for (int k = 0; k < rows.Count; k++)
        {
            var (path, text) = pairs[rows[k]];
            string? error = null;
            if (string.IsNullOrWhiteSpace(text)) error = "empty text";
            else if (run.Clip(path, out error) is { } audio) ready.Add((k, audio, run.Text(text)));
            if (error is not null) results[k] = new ScoredPair(rows[k], path, text, null, null, error);
        }
        if (ready.Count > 0)
        {
            var cos = RowCosines(ready.Select(r => r.Audio).ToList(), ready.Select(r => r.Text).ToList());
            for (int j = 0; j < ready.Count; j++)
            {
                int row = rows[ready[j].Slot];
                results[ready[j].Slot] = Scored(row, pairs[row].AudioPath, pairs[row].Text, cos[j])
                    with { Draws = run.Draws(pairs[row].AudioPath) };
            }
        }
        return results.Select(r => r!).ToList();
    }

    /// <summary>A NaN or infinite cosine (e.g. from an extreme input) is no score: the row fails, never a NaN in the
    /// output.</summary>
    private static ScoredPair Scored(int index, string path, string text, double cosine) => double.IsFinite(cosine)
        ? new ScoredPair(index, path, text, cosine, ClapScore(cosine), null)
        : new ScoredPair(index, path, text, null, null, $"{path}: the model gave a non-finite similarity ({cosine})");

    /// <summary>cos(audio_i, text_i) for matched lists of waveforms and texts (one batch).</summary>
    public double[] PairCosines(IReadOnlyList<float[]> waveforms, IReadOnlyList<string> texts)
    {
        if (waveforms.Count != texts.Count) throw new ArgumentException("waveforms and texts must have the same count");
        using var a = Embedder.EmbedAudio(waveforms);
        using var t = Embedder.EmbedTexts(texts);
        return RowCosines(a, t);
    }

    private static void CopyRows(Tensor embeds, float[,] into, int rowOffset)
    {
        var data = embeds.to(ScalarType.Float32).cpu().contiguous().data<float>().ToArray();
        int d = into.GetLength(1);
        for (int r = 0; r < data.Length / d; r++)
            for (int c = 0; c < d; c++) into[rowOffset + r, c] = data[r * d + c];
    }

    public void Dispose() => Embedder.Dispose();
}
