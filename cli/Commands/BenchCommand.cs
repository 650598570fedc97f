using System.Text.Json;
using HumanClap.Benchmarks;

namespace HumanClap.Cli;

public sealed class BenchCommand : ICommand
{
    public string Name => "bench";
    public string Summary => "throughput of the full-size CLAP towers vs this machine's SGEMM rate";
    public string Usage => "[--batch 8] [--repeats 3] [--train-step] [--no-msclap] [--tokenizer DIR] [--out FILE.json]";

    public Task<int> RunAsync(Args args)
    {
        int batch = args.Int("batch", 8), repeats = args.Int("repeats", 3);
        bool train = args.Flag("train-step"), msclap = !args.Flag("no-msclap");
        var tokenizer = args.Get("tokenizer") ?? Path.Combine(RepoPaths.Root, "tests", "fixtures", "clap-parity", "tokenizer");
        var outFile = args.Get("out");
        args.EnsureAllConsumed();
        Console.WriteLine($"Full-size HTSAT-tiny + RoBERTa-base, random weights, batch {batch}, median of {repeats} after a warm-up...");
        var r = ThroughputBenchmark.Run(tokenizer, batch, repeats, train, msclap: msclap);
        Console.WriteLine($"torch threads                 {r.Threads}");
        Console.WriteLine($"SGEMM 2048^3                  {r.SgemmGflops,8:F1} GFLOP/s");
        Console.WriteLine($"audio (extract + encode)      {r.AudioClipsPerSecond,8:F2} clips/s");
        Console.WriteLine($"audio encoder                 {r.AudioGflops,8:F1} GFLOP/s = {r.AudioFractionOfSgemm:P0} of SGEMM");
        Console.WriteLine($"extractor share of audio time {r.ExtractorShareOfAudioTime,8:P0}");
        Console.WriteLine($"text, padded to 77            {r.TextCaptionsPerSecond77,8:F2} captions/s, {r.TextGflops77:F1} GFLOP/s = {r.TextFractionOfSgemm:P0} of SGEMM");
        Console.WriteLine($"text, padded to longest ({r.LongestPaddedLength,2})  {r.TextCaptionsPerSecondLongest,8:F2} captions/s = {r.LongestPaddingSpeedup:F2}x faster");
        if (r.TrainStepSeconds is double s)
            Console.WriteLine($"fine-tuning step (AdamW)      {s,8:F2} s/step, peak working set {r.TrainPeakWorkingSetGiB:F2} GiB");
        if (r.MsClap2023 is { } m)
        {
            Console.WriteLine($"MS CLAP 2023 audio (7 s, front end included) {m.ClipsPerSecond,8:F2} clips/s, " +
                              $"{m.AudioGflops:F1} GFLOP/s = {m.AudioFractionOfSgemm:P0} of SGEMM");
            Console.WriteLine($"MS CLAP 2023 text (GPT-2, padded to 77)     {m.CaptionsPerSecond,8:F2} captions/s, " +
                              $"{m.TextGflops:F1} GFLOP/s = {m.TextFractionOfSgemm:P0} of SGEMM");
        }
        if (outFile is not null)
            File.WriteAllText(outFile, JsonSerializer.Serialize(r, new JsonSerializerOptions { WriteIndented = true }));
        return Task.FromResult(0);
    }
}
