using System.CommandLine;
using HumanClap.Audio;
using HumanClap.Common;
using HumanClap.Scoring;
using HumanClap.Scoring.Protocols;

namespace HumanClap.Cli;

public sealed class ScoreCommand : ICommand
{
    private readonly Option<string> _checkpoint =
        CliOptions.Path("--checkpoint", "DIR|FILE.pt|CLAP_weights_*.pth",
            "CLAP checkpoint: Hugging Face folder, LAION .pt, MS CLAP folder or msclap .pth (family detected)");
    private readonly Option<string> _processor = CliOptions.Processor();
    private readonly Option<string> _pairs =
        CliOptions.Path("--pairs", "PAIRS.csv", "CSV with columns audio,text", required: true);
    private readonly Option<string> _out =
        CliOptions.Path("--out", "OUT.csv", "scores CSV to write (atomically)", required: true);
    private readonly Option<int> _batch = CliOptions.Int("--batch-size", "clips (and texts) per batch", 8, min: 1);
    private readonly Option<string> _device = CliOptions.Device();
    private readonly Option<bool> _allowPickle =
        CliOptions.Flag("--allow-pickle",
            "read pickled weights (pytorch_model.bin, LAION .pt, CLAP_weights_*.pth; trusted files only)");
    private readonly Option<string> _cache =
        CliOptions.Path("--cache", "DIR",
            "embedding cache shared between runs (keyed by file content, checkpoint and settings)");

    private readonly Option<string> _resampler =
        CliOptions.Choice("--resampler",
            "HF CLAP: how clips at other rates reach 48 kHz. wdl: NAudio's WDL sinc, bit for bit (the published " +
            "numbers); polyphase: the same 64-tap filter with exact taps and no delay, several times faster",
            "wdl", "wdl", "polyphase");

    private readonly Option<string> _preprocessing =
        CliOptions.Choice("--preprocessing",
            "HF CLAP: laion: as laion_clap scores a checkpoint (int16 truncation, repeat-padding, per-clip seeded " +
            "crop or fusion chunks, written as crop_offset / chunk_starts columns); hf: Hugging Face's feature " +
            "extractor; auto: laion for a LAION .pt, hf for a Hugging Face folder",
            "auto", "auto", "laion", "hf");

    private readonly Option<int> _seed = CliOptions.Int("--seed",
        "seed of the random crop / fusion chunks of clips longer than 10 s (mixed per clip with its samples)", 0);

    private readonly Option<string> _protocol =
        CliOptions.Choice("--protocol",
            "score as an evaluation toolkit does (its downmix, resampler, level step, int16, crop and padding; " +
            "docs/clapscore-protocols.md) and print its summary; the checkpoint must be the toolkit's kind " +
            "(fused or not). none: the options above",
            "none", ["none", .. ClapScoreProtocols.Names]);

    private readonly Option<string> _shard = CliOptions.Path("--shard", "K/N",
        "score only shard K of N (split by unique clip: shards share no clip) and write its rows, numbered, to --out");
    private readonly Option<string[]> _merge = CliOptions.Paths("--merge", "SHARD.csv",
        "every shard's --out (repeatable): written to --out as one process would (no model is loaded)");

    public Command Create()
    {
        var command = new Command("score", "CLAPScore for audio-text pairs in a CSV")
        {
            _checkpoint, _pairs, _out, _batch, _device, _allowPickle, _processor, _cache, _resampler, _preprocessing,
            _seed, _protocol, _shard, _merge,
        };
        command.SetAction(Run);
        return command;
    }

    private int Run(ParseResult r)
    {
        var output = r.GetValue(_out)!;
        // Everything the user gave is checked before the model loads or a clip is decoded.
        OutputCheck.File(output, "--out");
        var cacheDir = r.GetValue(_cache);
        if (cacheDir is not null) OutputCheck.Folder(Path.GetFullPath(cacheDir), "--cache", cacheDir);
        var protocol = Protocol(r);
        var rows = PairsFile.Read(r.GetValue(_pairs)!);
        if (r.GetValue(_merge) is { Length: > 0 } shards) return Merge(r, rows, shards, output);
        var checkpoint = r.GetValue(_checkpoint) ?? throw new UsageException("--checkpoint is required (or --merge)");
        var shard = r.GetValue(_shard) is { } s ? Shard.Parse(s) : Shard.Whole;
        var options = new ScorerOptions
        {
            Device = DeviceOption.Parse(r.GetValue(_device)), AllowPickle = r.GetValue(_allowPickle),
            CacheDir = cacheDir, ProcessorDir = r.GetValue(_processor),
            Resampler = r.GetValue(_resampler) == "polyphase" ? ResamplerKind.Polyphase : ResamplerKind.WdlSinc,
            Seed = r.GetValue(_seed),
            LaionPreprocessing = r.GetValue(_preprocessing) switch { "laion" => true, "hf" => false, _ => null },
        };
        if (protocol is not null) options = protocol.Apply(options);
        using var scorer = LoadScorer(checkpoint, options);
        if (!shard.IsWhole)
        {
            var part = PairsFile.ScoreShard(scorer, rows, output, r.GetValue(_batch), shard);
            int bad = part.Count(p => !p.Ok);
            Console.WriteLine($"wrote {output}: shard {shard}, {part.Count - bad} rows scored, {bad} failed; merge " +
                              "every shard's file with --merge");
            return bad == 0 ? 0 : ErrorReport.DataError;
        }

        var progress = new ConsoleRateProgress(rows.Count, "pairs");
        var scored = PairsFile.Score(scorer, rows, output, r.GetValue(_batch), progress);
        var failed = scored.Where(s => !s.Ok).ToList();
        progress.Finish();
        var c = scorer.Counters;
        Console.WriteLine($"wrote {output}: {rows.Count - failed.Count} scored, {failed.Count} failed; " +
                          $"{c.ClipsDecoded} clips decoded, {c.ClipsEmbedded} clips and {c.TextsEmbedded} texts " +
                          $"embedded, {c.CacheHits} embeddings from the cache");
        foreach (var f in failed.Take(20)) Console.WriteLine($"  row {f.Index + 1}: {f.Error}");
        if (protocol is not null && failed.Count < rows.Count)
        {
            double mean = protocol.Aggregate(scored.Where(s => s.Ok).Select(s => s.Cosine!.Value));
            Console.WriteLine($"{protocol.Name} CLAPScore: {protocol.Reported(mean)} (mean cosine, unclamped, of " +
                              $"{rows.Count - failed.Count} clips; checkpoint the toolkit uses: " +
                              $"{protocol.Checkpoint})");
        }
        return failed.Count == 0 ? 0 : ErrorReport.DataError;
    }

    private int Merge(ParseResult r, IReadOnlyList<PairRow> rows, string[] shards, string output)
    {
        foreach (var option in new Option[] { _checkpoint, _shard, _protocol })
            if (r.GetResult(option) is { Implicit: false })
                throw new UsageException($"--merge writes the shards' scores; leave {option.Name} out");
        int failed = PairsFile.Merge(rows, shards, output);
        Console.WriteLine($"wrote {output}: {rows.Count} rows from {shards.Length} shards, {failed} failed");
        return failed == 0 ? 0 : ErrorReport.DataError;
    }

    /// <summary>The chosen protocol; it sets the preprocessing and the resampler, so giving those too is a conflict.
    /// </summary>
    private ClapScoreProtocol? Protocol(ParseResult r)
    {
        var name = r.GetValue(_protocol)!;
        if (name == "none") return null;
        foreach (var option in new Option[] { _preprocessing, _resampler })
            if (r.GetResult(option) is { Implicit: false })
                throw new UsageException($"--protocol {name} sets {option.Name} itself; leave {option.Name} out");
        return ClapScoreProtocols.Find(name);
    }

    /// <summary>The one place the score verb turns --checkpoint into a model (model families plug in here).</summary>
    private static ClapScorer LoadScorer(string checkpoint, ScorerOptions options) =>
        ClapScorer.FromPretrained(checkpoint, options);
}
