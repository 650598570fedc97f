using System.CommandLine;
using System.Text.Json;
using HumanClap.Benchmarks;
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

    public Command Create()
    {
        var command = new Command("bench", "throughput of the full-size CLAP towers vs this machine's SGEMM rate")
            { _batch, _repeats, _train, _noMsClap, _tokenizer, _out };
        command.SetAction(Run);
        return command;
    }

    private int Run(ParseResult p)
    {
        int batch = p.GetValue(_batch), repeats = p.GetValue(_repeats);
        var tokenizer = p.GetValue(_tokenizer) ?? Path.Combine(RepoPaths.Root, "tests", "fixtures", "clap-parity", "tokenizer");
        var outFile = p.GetValue(_out);
        if (outFile is not null) OutputCheck.File(outFile, "--out");
        if (!File.Exists(Path.Combine(tokenizer, "vocab.json"))) throw new UserInputException($"--tokenizer {tokenizer}: no vocab.json");
        Console.WriteLine($"Full-size HTSAT-tiny + RoBERTa-base, random weights, batch {batch}, median of {repeats} after a warm-up...");
        var r = ThroughputBenchmark.Run(tokenizer, batch, repeats, p.GetValue(_train), msclap: !p.GetValue(_noMsClap));
        Console.WriteLine($"torch threads                 {r.Threads}");
        Console.WriteLine($"SGEMM 2048^3                  {r.SgemmGflops,8:F1} GFLOP/s");
        Console.WriteLine($"audio (extract + encode)      {r.AudioClipsPerSecond,8:F2} clips/s");
        Console.WriteLine($"audio encoder                 {r.AudioGflops,8:F1} GFLOP/s = {r.AudioFractionOfSgemm:P0} of SGEMM");
        Console.WriteLine($"extractor share of audio time {r.ExtractorShareOfAudioTime,8:P0}");
        Console.WriteLine($"text, padded to 77            {r.TextCaptionsPerSecond77,8:F2} captions/s, {r.TextGflops77:F1} GFLOP/s = {r.TextFractionOfSgemm:P0} of SGEMM");
        Console.WriteLine($"text, padded to longest ({r.LongestPaddedLength,2})  {r.TextCaptionsPerSecondLongest,8:F2} captions/s = {r.LongestPaddingSpeedup:F2}x faster");
        if (r.TrainStepSeconds is double s)
            Console.WriteLine($"fine-tuning step (AdamW)      {s,8:F2} s/step, peak working set {r.TrainPeakWorkingSetGiB:F2} GiB");
        foreach (var line in r.TrainStep?.Lines() ?? []) Console.WriteLine(line);
        foreach (var line in FrontEndBenchmark.Lines(r.DecodeResample ?? [])) Console.WriteLine(line);
        if (r.MsClap2023 is { } m)
        {
            Console.WriteLine($"MS CLAP 2023 audio (7 s, front end included) {m.ClipsPerSecond,8:F2} clips/s, " +
                              $"{m.AudioGflops:F1} GFLOP/s = {m.AudioFractionOfSgemm:P0} of SGEMM");
            Console.WriteLine($"MS CLAP 2023 text (GPT-2, padded to 77)     {m.CaptionsPerSecond,8:F2} captions/s, " +
                              $"{m.TextGflops:F1} GFLOP/s = {m.TextFractionOfSgemm:P0} of SGEMM");
        }
        Console.WriteLine($"CPU stall share               {(r.CpuStallShare is double st ? st.ToString("P1") : "unknown"),8} (/proc/pressure/cpu, some)");
        Console.WriteLine($"largest repeat spread         {r.MaxRepeatSpread,8:P0} ({r.Repeats} alternated rounds)");
        Console.WriteLine(r.Disturbance is { } why
            ? $"DISTURBED: {why}; `report --bench` will not put these numbers in the README"
            : "quiet run: fit for the README (`humanclap report --bench FILE.json`)");
        if (outFile is not null)
            AtomicFile.WriteAllText(outFile, JsonSerializer.Serialize(r, new JsonSerializerOptions { WriteIndented = true }));
        return 0;
    }
}
