using System.Diagnostics;
using HumanClap.Audio;
using HumanClap.Model;
using HumanClap.Scoring;
using HumanClap.Text;
using static TorchSharp.torch;

namespace HumanClap.Tooling.Benchmarks;

/// <summary>Scoring throughput at full size (HTSAT-tiny + RoBERTa-base, random weights) on N distinct 10 s WAV files
/// and M distinct captions, measured in one process in alternated rounds next to its own SGEMM rate.</summary>
public sealed record ScoreBenchmarkReport
{
    public required int Clips { get; init; }
    public required int Texts { get; init; }
    public required int SourceRate { get; init; }
    public required int Threads { get; init; }
    public required double SgemmGflops { get; init; }
    /// <summary>N matched (file, caption) rows through <see cref="ClapScorer.ScoreFiles"/>, one batch of N.</summary>
    public required double PairsSeconds { get; init; }
    /// <summary>The N x M grid: every file against every caption.</summary>
    public required double GridSeconds { get; init; }
    /// <summary>How the grid was scored: "embedder" (N clips and M captions embedded once through
    /// <see cref="ClapScorer.EmbedAudio"/> / <see cref="ClapScorer.EmbedText"/>, then N x M cosines) or
    /// "ScoreFiles" (N x M rows through <see cref="ClapScorer.ScoreFiles"/>, so whatever it does per row).</summary>
    public required string GridPath { get; init; }
    /// <summary>Components of the N matched rows, timed alone: reading files (decode + resample to 48 kHz), log-mel
    /// features, the audio encoder, tokenising + the text encoder (padded to the longest caption).</summary>
    public required double DecodeResampleSeconds { get; init; }
    public required double ExtractSeconds { get; init; }
    public required double AudioEncodeSeconds { get; init; }
    public required double TextEncodeSeconds { get; init; }
    /// <summary>Mean caption length in tokens as padded (longest of its batch), for the text FLOP estimate.</summary>
    public required double MeanPaddedTokens { get; init; }
    public required int Repeats { get; init; }
    public required double MaxRepeatSpread { get; init; }
    public double? MaxRepeatDispersion { get; init; }
    public string? NoisiestMeasure { get; init; }
    public double? CpuStallShare { get; init; }

    public double PairsPerSecond => Clips / PairsSeconds;
    public double GridPairsPerSecond => (double)Clips * Texts / GridSeconds;
    /// <summary>Grid pairs/s over matched pairs/s: M when the grid costs what its N clips cost, 1 when every row
    /// costs a clip again.</summary>
    public double GridOverPairsRate => GridPairsPerSecond / PairsPerSecond;
    public double SecondsPerClip => (DecodeResampleSeconds + ExtractSeconds + AudioEncodeSeconds) / Clips;
    public double SecondsPerText => TextEncodeSeconds / Clips;
    /// <summary>What the grid would cost if it embedded each unique clip and text once: N clips + M texts at the
    /// component rates.</summary>
    public double UniqueCostSeconds => Clips * SecondsPerClip + Texts * SecondsPerText;
    /// <summary>Grid time over <see cref="UniqueCostSeconds"/>: ≈ 1 when the cost follows unique clips + texts,
    /// ≈ M·(clip + text) / (clip + M·text) when every row is embedded again.</summary>
    public double GridOverUniqueCost => GridSeconds / UniqueCostSeconds;
    public double ComponentSeconds => DecodeResampleSeconds + ExtractSeconds + AudioEncodeSeconds + TextEncodeSeconds;
    /// <summary>Share of a matched row's time spent before the encoders (decode + resample + features).</summary>
    public double FrontEndShare => (DecodeResampleSeconds + ExtractSeconds) / ComponentSeconds;
    public double DecodeResampleShare => DecodeResampleSeconds / ComponentSeconds;
    public double ExtractShare => ExtractSeconds / ComponentSeconds;
    /// <summary>≈ GFLOP per caption: 13.3 at 77 tokens, linear in the length (the linears dominate).</summary>
    public double TextGflopPerCaption => ThroughputBenchmark.TextGflopPerCaption77 * MeanPaddedTokens / 77;
    /// <summary>Model GFLOP/s of the matched rows (one clip and one caption per row) over the SGEMM rate.</summary>
    public double PairsFractionOfSgemm =>
        PairsPerSecond * (ThroughputBenchmark.AudioGflopPerClip + TextGflopPerCaption) / SgemmGflops;
    /// <summary>Model GFLOP/s of the grid counting each unique clip and caption once, over the SGEMM rate.</summary>
    public double GridUniqueFractionOfSgemm =>
        (Clips * ThroughputBenchmark.AudioGflopPerClip + Texts * TextGflopPerCaption) / GridSeconds / SgemmGflops;
    public double AudioEncoderFractionOfSgemm =>
        Clips * ThroughputBenchmark.AudioGflopPerClip / AudioEncodeSeconds / SgemmGflops;

    public string? Disturbance => QuietRun.Disturbance(CpuStallShare, MaxRepeatSpread, MaxRepeatDispersion,
        NoisiestMeasure);

    public IEnumerable<string> Lines()
    {
        yield return $"torch threads                  {Threads}";
        yield return $"SGEMM 2048^3                   {SgemmGflops,8:F1} GFLOP/s";
        yield return $"1:1 pairs (ScoreFiles, {Clips} rows) {PairsPerSecond,8:F2} pairs/s = " +
                     $"{PairsFractionOfSgemm:P0} of SGEMM (≈{TextGflopPerCaption:F1} GFLOP/caption)";
        yield return $"grid {Clips} x {Texts} ({GridPath})    {GridPairsPerSecond,8:F2} pairs/s = " +
                     $"{GridOverPairsRate:F1}x the 1:1 rate; unique work {GridUniqueFractionOfSgemm:P0} of SGEMM";
        yield return $"grid time / unique cost        {GridOverUniqueCost,8:F2} " +
                     $"({Clips} clips x {SecondsPerClip:F3} s + {Texts} texts x {SecondsPerText:F3} s " +
                     $"= {UniqueCostSeconds:F2} s vs {GridSeconds:F2} s)";
        yield return $"front end share of a 1:1 row   {FrontEndShare,8:P0} " +
                     $"(decode+resample {DecodeResampleShare:P0}, features {ExtractShare:P0}; " +
                     $"{SourceRate / 1000.0:0.#} kHz WAV -> 48 kHz)";
        yield return $"audio encoder                  {AudioEncoderFractionOfSgemm,8:P0} of SGEMM";
        yield return $"CPU stall share                " +
                     $"{(CpuStallShare is double st ? st.ToString("P1") : "unknown"),8} (/proc/pressure/cpu, some)";
        yield return $"largest repeat spread          {MaxRepeatSpread,8:P0} ({Repeats} alternated rounds; " +
                     $"dispersion {MaxRepeatDispersion:P1})";
        yield return Disturbance is { } why ? $"DISTURBED: {why}" : "quiet run";
    }
}

/// <summary>Runs <see cref="ScoreBenchmarkReport"/>: SGEMM, N matched rows through
/// <see cref="ClapScorer.ScoreFiles"/>, the N x M grid, and the components of a row (decode + resample, features,
/// audio encoder, text encoder), all as measures of one <see cref="RoundTimer"/> so a disturbance hits them alike.
/// </summary>
public static class ScoreBenchmark
{
    /// <param name="gridViaScoreFiles">Score the grid as N x M rows through <see cref="ClapScorer.ScoreFiles"/>
    /// (measures whatever it does per row) instead of embedding N clips and M texts once.</param>
    public static ScoreBenchmarkReport Run(string tokenizerDir, int clips = 8, int texts = 32, int repeats = 3,
        int seed = 0, int sourceRate = 44_100, bool gridViaScoreFiles = false)
    {
        var clock = Stopwatch.StartNew();
        var stallBefore = CpuPressure.SomeTotalMicroseconds();
        manual_seed(seed);
        var timer = new RoundTimer();
        double sgemm = FullSizeSetup.MeasureSgemm(repeats, timer);
        var dir = Directory.CreateTempSubdirectory("humanclap-score-bench-").FullName;
        try
        {
            var files = WriteClips(dir, clips, sourceRate, seed);
            var captions = FullSizeSetup.Captions(Math.Max(clips, texts));
            using var scorer = new ClapScorer(FullSizeSetup.Model(), FullSizeSetup.Extractor(),
                ClapTokenizer.FromPretrained(tokenizerDir));
            var rowCaptions = captions.Take(clips).ToList();
            var gridCaptions = captions.Take(texts).ToList();
            var ids = AddMeasures(timer, scorer, files, rowCaptions, gridCaptions, gridViaScoreFiles);
            timer.Run(repeats);
            return new ScoreBenchmarkReport
            {
                Clips = clips, Texts = texts, SourceRate = sourceRate, Threads = get_num_threads(),
                SgemmGflops = sgemm, GridPath = gridViaScoreFiles ? "ScoreFiles" : "embedder",
                PairsSeconds = timer.Median(ids.Pairs), GridSeconds = timer.Median(ids.Grid),
                DecodeResampleSeconds = timer.Median(ids.Decode), ExtractSeconds = timer.Median(ids.Extract),
                AudioEncodeSeconds = timer.Median(ids.EncodeAudio), TextEncodeSeconds = timer.Median(ids.EncodeText),
                MeanPaddedTokens = MeanPaddedTokens(scorer.Tokenizer, rowCaptions, gridCaptions),
                Repeats = repeats, MaxRepeatSpread = timer.MaxSpread, MaxRepeatDispersion = timer.MaxDispersion,
                NoisiestMeasure = timer.NoisiestMeasure,
                CpuStallShare = CpuPressure.StallShare(stallBefore, CpuPressure.SomeTotalMicroseconds(), clock.Elapsed),
            };
        }
        finally { Directory.Delete(dir, true); }
    }

    private sealed record MeasureIds(int Pairs, int Grid, int Decode, int Extract, int EncodeAudio, int EncodeText);

    private static MeasureIds AddMeasures(RoundTimer timer, ClapScorer scorer, IReadOnlyList<string> files,
        IReadOnlyList<string> rowCaptions, IReadOnlyList<string> gridCaptions, bool gridViaScoreFiles)
    {
        int n = files.Count;
        var rows = files.Zip(rowCaptions).Select(p => (p.First, p.Second)).ToList();
        int pairs = timer.Add(() => Check(scorer.ScoreFiles(rows, batchSize: n)), "1:1 rows");
        var gridRows = files.SelectMany(f => gridCaptions.Select(t => (f, t))).ToList();
        int grid = timer.Add(gridViaScoreFiles
            ? () => Check(scorer.ScoreFiles(gridRows, batchSize: n))
            : () => GridViaEmbedder(scorer, files, gridCaptions, n), "grid");

        var waves = files.Select(scorer.LoadAudio).ToList();
        using var warm = scorer.Extractor.Extract(waves); // features for the encoder measure, made once
        var features = warm.InputFeatures.detach().clone().DetachFromDisposeScope();
        var isLonger = warm.IsLonger.detach().clone().DetachFromDisposeScope();
        int decode = timer.Add(() => { foreach (var f in files) scorer.LoadAudio(f); }, "decode + resample");
        int extract = timer.Add(() => { using var f = scorer.Extractor.Extract(waves); }, "extractor");
        int encodeAudio = timer.Add(() =>
        {
            using var scope = NewDisposeScope();
            using var _ = inference_mode();
            scorer.Model.EncodeAudio(features, isLonger);
        }, "audio encoder");
        int encodeText = timer.Add(() => scorer.EmbedText(rowCaptions, batchSize: n), "text encoder");
        return new MeasureIds(pairs, grid, decode, extract, encodeAudio, encodeText);
    }

    /// <summary>N x M cosines from N audio and M text embeddings, each computed once.</summary>
    private static void GridViaEmbedder(ClapScorer scorer, IReadOnlyList<string> files, IReadOnlyList<string> texts,
        int batch)
    {
        var audio = scorer.EmbedAudio(files.Select(scorer.LoadAudio).ToList(), batch);
        var text = scorer.EmbedText(texts, batch);
        using var scope = NewDisposeScope();
        var cosines = tensor(audio).mm(tensor(text).t()).to(ScalarType.Float64);
        if (cosines.isnan().any().item<bool>()) throw new InvalidOperationException("grid gave NaN cosines");
    }

    private static void Check(IReadOnlyList<ScoredPair> scored)
    {
        if (scored.FirstOrDefault(s => !s.Ok) is { } bad)
            throw new InvalidOperationException($"benchmark row {bad.Index} failed: {bad.Error}");
    }

    private static List<string> WriteClips(string dir, int count, int rate, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, count).Select(i =>
        {
            var path = Path.Combine(dir, $"clip_{i:D3}.wav");
            var noise = new float[10 * rate];
            for (int k = 0; k < noise.Length; k++) noise[k] = (float)(rng.NextDouble() * 0.2 - 0.1);
            AudioWriter.WriteWav16(path, noise, rate);
            return path;
        }).ToList();
    }

    private static double MeanPaddedTokens(ClapTokenizer tokenizer, IReadOnlyList<string> rows,
        IReadOnlyList<string> grid)
    {
        using var a = tokenizer.Encode(rows, TextPadding.Longest);
        using var b = tokenizer.Encode(grid, TextPadding.Longest);
        long tokens = a.InputIds.shape[1] * rows.Count + b.InputIds.shape[1] * grid.Count;
        return tokens / (double)(rows.Count + grid.Count);
    }
}
