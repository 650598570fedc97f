using System.CommandLine;
using System.Text.Json;
using HumanClap.Tooling.Benchmarks;
using HumanClap.Common;

namespace HumanClap.Cli;

public sealed class BenchCommand : ICommand
{
    private readonly Option<int> _batch = CliOptions.Int("--batch", "clips / captions per batch", 8, min: 1);
    private readonly Option<int> _repeats =
        CliOptions.Int("--repeats", "timed repeats after a warm-up (median)", 3, min: 1);
    private readonly Option<bool> _train =
        CliOptions.Flag("--train-step", "also time one full-size AdamW fine-tuning step");
    private readonly Option<string> _tokenizer =
        CliOptions.Path("--tokenizer", "DIR", "folder with vocab.json and merges.txt");
    private readonly Option<string> _out = CliOptions.Path("--out", "FILE.json", "write the measurements as JSON");
    private readonly Option<bool> _noMsClap =
        CliOptions.Flag("--no-msclap", "skip the MS CLAP 2023 towers");
    private readonly Option<bool> _score = CliOptions.Flag("--score",
        "only the scoring benchmark: --batch matched (file, caption) rows and a --batch x --texts grid");
    private readonly Option<int> _texts = CliOptions.Int("--texts", "captions of the --score grid", 32, min: 1);
    private readonly Option<bool> _gridScoreFiles = CliOptions.Flag("--grid-score-files",
        "--score: score the grid as rows through ScoreFiles instead of embedding each clip and caption once");
    private readonly Option<bool> _extractor = CliOptions.Flag("--extractor",
        "only the feature extractor on --batch random 10 s clips at 48 kHz (clips/s)");
    private readonly Option<bool> _trainOnly =
        CliOptions.Flag("--train-step-only", "only the fine-tuning step (lean AdamW, then torch's AdamW)");
    private readonly Option<bool> _noTorchAdamW =
        CliOptions.Flag("--no-torch-adamw", "--train-step-only: skip the comparison with torch's AdamW");

    public Command Create()
    {
        var command = new Command("bench", "throughput of the full-size CLAP towers vs this machine's SGEMM rate")
            { _batch, _repeats, _train, _noMsClap, _score, _extractor, _texts, _gridScoreFiles, _trainOnly,
              _noTorchAdamW, _tokenizer, _out };
        command.SetAction(Run);
        return command;
    }

    private int Run(ParseResult p)
    {
        int batch = p.GetValue(_batch), repeats = p.GetValue(_repeats);
        var tokenizer = p.GetValue(_tokenizer)
                        ?? Path.Combine(RepoPaths.Root, "tests", "fixtures", "clap-parity", "tokenizer");
        var outFile = p.GetValue(_out);
        if (outFile is not null) OutputCheck.File(outFile, "--out");
        if (!File.Exists(Path.Combine(tokenizer, "vocab.json")))
            throw new UserInputException($"--tokenizer {tokenizer}: no vocab.json");
        if (new[] { _score, _trainOnly, _extractor }.Count(o => p.GetValue(o)) > 1)
            throw new UserInputException("--score, --train-step-only and --extractor: choose one");
        if (p.GetValue(_extractor)) return RunExtractor(batch, repeats);
        if (p.GetValue(_score)) return RunScore(p, tokenizer, batch, repeats, outFile);
        if (p.GetValue(_trainOnly)) return RunTrainStep(p, tokenizer, batch, repeats, outFile);
        return RunTowers(p, tokenizer, batch, repeats, outFile);
    }

    private int RunTowers(ParseResult p, string tokenizer, int batch, int repeats, string? outFile)
    {
        Console.WriteLine($"Full-size HTSAT-tiny + RoBERTa-base, random weights, batch {batch}, median of {repeats} " +
                          "after a warm-up...");
        var r = ThroughputBenchmark.Run(tokenizer, batch, repeats, p.GetValue(_train), msclap: !p.GetValue(_noMsClap));
        foreach (var line in TowerLines(r)) Console.WriteLine(line);
        WriteJson(outFile, r);
        return 0;
    }

    private static IEnumerable<string> TowerLines(ThroughputReport r)
    {
        yield return $"torch threads                 {r.Threads}";
        yield return $"SGEMM 2048^3                  {r.SgemmGflops,8:F1} GFLOP/s";
        yield return $"audio (extract + encode)      {r.AudioClipsPerSecond,8:F2} clips/s";
        yield return $"audio encoder                 {r.AudioGflops,8:F1} GFLOP/s = " +
                     $"{r.AudioFractionOfSgemm:P0} of SGEMM";
        yield return $"extractor share of audio time {r.ExtractorShareOfAudioTime,8:P0}";
        yield return $"text, padded to 77            {r.TextCaptionsPerSecond77,8:F2} captions/s, " +
                     $"{r.TextGflops77:F1} GFLOP/s = {r.TextFractionOfSgemm:P0} of SGEMM";
        yield return $"text, padded to longest ({r.LongestPaddedLength,2})  {r.TextCaptionsPerSecondLongest,8:F2} " +
                     $"captions/s = {r.LongestPaddingSpeedup:F2}x faster";
        if (r.TrainStepSeconds is double s)
            yield return $"fine-tuning step (AdamW)      {s,8:F2} s/step, peak working set " +
                         $"{r.TrainPeakWorkingSetGiB:F2} GiB";
        foreach (var line in r.TrainStep?.Lines() ?? []) yield return line;
        foreach (var line in FrontEndBenchmark.Lines(r.DecodeResample ?? [])) yield return line;
        if (r.MsClap2023 is { } m)
        {
            yield return $"MS CLAP 2023 audio (7 s, front end included) {m.ClipsPerSecond,8:F2} clips/s, " +
                         $"{m.AudioGflops:F1} GFLOP/s = {m.AudioFractionOfSgemm:P0} of SGEMM";
            yield return $"MS CLAP 2023 text (GPT-2, padded to 77)     {m.CaptionsPerSecond,8:F2} captions/s, " +
                         $"{m.TextGflops:F1} GFLOP/s = {m.TextFractionOfSgemm:P0} of SGEMM";
        }
        yield return $"CPU stall share               " +
                     $"{(r.CpuStallShare is double st ? st.ToString("P1") : "unknown"),8} (/proc/pressure/cpu, some)";
        yield return $"largest repeat spread         {r.MaxRepeatSpread,8:P0} ({r.Repeats} alternated rounds; " +
                     $"dispersion {r.MaxRepeatDispersion:P1})";
        yield return r.Disturbance is { } why
            ? $"DISTURBED: {why}; `report --bench` will not put these numbers in docs/performance.md"
            : "quiet run: fit for docs/performance.md (`humanclap report --bench FILE.json`)";
    }

    private int RunScore(ParseResult p, string tokenizer, int clips, int repeats, string? outFile)
    {
        int texts = p.GetValue(_texts);
        bool viaScoreFiles = p.GetValue(_gridScoreFiles);
        Console.WriteLine($"Scoring, full-size HTSAT-tiny + RoBERTa-base, random weights: {clips} matched rows and a " +
                          $"{clips} x {texts} grid of 10 s WAV clips, median of {repeats} after a warm-up...");
        var r = ScoreBenchmark.Run(tokenizer, clips, texts, repeats, gridViaScoreFiles: viaScoreFiles);
        foreach (var line in r.Lines()) Console.WriteLine(line);
        WriteJson(outFile, r);
        return 0;
    }

    private int RunTrainStep(ParseResult p, string tokenizer, int batch, int repeats, string? outFile)
    {
        Console.WriteLine($"Fine-tuning step, full-size HTSAT-tiny + RoBERTa-base, random weights, batch {batch}, " +
                          $"median of {repeats} after a warm-up...");
        var r = TrainStepBenchmark.RunStandalone(tokenizer, batch, repeats, seed: 0,
            compareTorch: !p.GetValue(_noTorchAdamW));
        foreach (var line in r.Lines()) Console.WriteLine(line);
        WriteJson(outFile, r);
        return 0;
    }

    private static int RunExtractor(int batch, int repeats)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var stallBefore = CpuPressure.SomeTotalMicroseconds();
        var (clipsPerSecond, spread) = FrontEndBenchmark.ExtractorClipsPerSecond(batch, repeats, seed: 0);
        var stall = CpuPressure.StallShare(stallBefore, CpuPressure.SomeTotalMicroseconds(), clock.Elapsed);
        Console.WriteLine($"feature extractor (rand_trunc, 10 s at 48 kHz, batch {batch}) {clipsPerSecond,8:F1} " +
                          $"clips/s (median of {repeats}, spread {spread:P0}, torch threads " +
                          $"{TorchSharp.torch.get_num_threads()}, CPU stall share " +
                          $"{(stall is double st ? st.ToString("P0") : "unknown")})");
        return 0;
    }

    private static void WriteJson<T>(string? outFile, T report)
    {
        if (outFile is null) return;
        AtomicFile.WriteAllText(outFile, JsonSerializer.Serialize(report, JsonOptions));
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };
}
