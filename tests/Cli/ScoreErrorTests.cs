using HumanClap.Common;
using HumanClap.Tests.Support;
using HumanClap.Model;
using static TorchSharp.torch;

namespace HumanClap.Tests.Cli;

/// <summary>`score` against hostile inputs: each is one line naming the thing, exit 1 (data) or 2 (usage), no stack
/// trace; bad rows never cost the good rows; a failed run writes no partial output.</summary>
public sealed class ScoreErrorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("humanclap-cli-score-").FullName;
    public void Dispose() => Directory.Delete(_dir, true);

    private string Good => Path.Combine(Fixtures.Checkpoint("tiny_unfused"), "knocks_4s.wav");
    private string Out => Path.Combine(_dir, "out.csv");

    private string Pairs(string content, string name = "pairs.csv")
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    private CliResult Score(string pairs, string? checkpoint = null, params string[] extra) =>
        CliRunner.Run(["score", "--checkpoint", checkpoint ?? Fixtures.Checkpoint("tiny_unfused"), "--pairs", pairs,
                       "--out", Out, .. extra]);

    /// <summary>A copy of the fixture checkpoint to damage.</summary>
    private string CheckpointCopy()
    {
        var dir = Path.Combine(_dir, "ckpt");
        Directory.CreateDirectory(dir);
        foreach (var f in new[]
                 { "config.json", "model.safetensors", "vocab.json", "merges.txt", "preprocessor_config.json" })
            File.Copy(Path.Combine(Fixtures.Checkpoint("tiny_unfused"), f), Path.Combine(dir, f));
        return dir;
    }

    [Fact]
    public void DanglingSymlinkIsARowErrorAndTheGoodRowIsScored()
    {
        var link = Path.Combine(_dir, "d.wav");
        File.CreateSymbolicLink(link, "/nonexistent/x.wav");
        var r = Score(Pairs($"audio,text\nd.wav,a click\n{Good},knocking\n"));
        Assert.Equal(1, r.ExitCode);
        Assert.False(r.HasStackTrace, r.Error);
        var rows = CsvIO.Read(Out).Records;
        Assert.Equal(2, rows.Count);
        Assert.Contains("d.wav", rows[0].Fields[4]);
        Assert.Equal("", rows[0].Fields[2]);
        Assert.True(double.IsFinite(
            double.Parse(rows[1].Fields[2], System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void NanWeightsAreRefusedNamingTheTensor()
    {
        var ckpt = CheckpointCopy();
        var file = Path.Combine(ckpt, "model.safetensors");
        var weights = SafetensorsIO.Load(file);
        var key = weights.Keys.First(k => k.EndsWith("weight") && weights[k].is_floating_point());
        weights[key][0].fill_(float.NaN);
        SafetensorsIO.Save(file, weights);
        foreach (var t in weights.Values) t.Dispose();

        var r = Score(Pairs($"audio,text\n{Good},knocking\n"), ckpt);
        r.AssertUserError(1, key, "non-finite");
        Assert.False(File.Exists(Out));
    }

    [Fact]
    public void NonFiniteCosineIsARowError()
    {
        using var scorer = HumanClap.Scoring.ClapScorer.FromPretrained(Fixtures.Checkpoint("tiny_unfused"));
        // Infinite weights in the text projection: the text embedding and so the cosine become NaN.
        using (no_grad())
            scorer.Model.named_parameters().First(p => p.name.Contains("text_projection")).parameter
                .fill_(float.PositiveInfinity);
        var scored = scorer.ScoreFiles([(Good, "knocking")]);
        Assert.False(scored[0].Ok);
        Assert.Contains("non-finite", scored[0].Error);
        Assert.Null(scored[0].Cosine);
    }

    public static TheoryData<string, string, string> BadPairsFiles => new()
    {
        { "no-text.csv", "audio\nx.wav\n", "'text'" },
        { "empty.csv", "", "empty file" },
        { "quote.csv", "audio,text\n\"x.wav,a click\n", "quote.csv" },
        { "caps.csv", "Audio,Text\nx.wav,a\n", "'audio'" },
        { "semicolons.csv", "audio;text\nx.wav;a\n", "'audio'" },
    };

    [Theory]
    [MemberData(nameof(BadPairsFiles))]
    public void BadPairsFileIsOneLineNamingFileAndNothingIsWritten(string name, string content, string named)
    {
        var r = Score(Pairs(content, name));
        r.AssertUserError(1, name, named);
        Assert.False(File.Exists(Out));
    }

    [Fact]
    public void PairsMissingOrAFolder()
    {
        Score(Path.Combine(_dir, "nope.csv")).AssertUserError(1, "nope.csv", "not found");
        Score(_dir).AssertUserError(1, _dir, "folder");
    }

    [Fact]
    public void BadCheckpointsNameTheFileOrKey()
    {
        var pairs = Pairs($"audio,text\n{Good},knocking\n");
        Score(pairs, "/nonexistent/ckpt").AssertUserError(1, "/nonexistent/ckpt");

        var ckpt = CheckpointCopy();
        void Expect(string what, params string[] named)
        {
            var r = Score(pairs, ckpt);
            r.AssertUserError(1, named);
            Assert.False(File.Exists(Out), what);
        }
        var config = Path.Combine(ckpt, "config.json");
        var goodConfig = File.ReadAllText(config);
        File.WriteAllText(config, "{ not json");
        Expect("invalid config", "config.json");
        File.Delete(config);
        Expect("missing config", "config.json");
        File.WriteAllText(config, goodConfig);

        var weights = Path.Combine(ckpt, "model.safetensors");
        var goodWeights = File.ReadAllBytes(weights);
        File.WriteAllBytes(weights, goodWeights[..(goodWeights.Length / 2)]);
        Expect("truncated safetensors", "model.safetensors");
        File.WriteAllBytes(weights, "garbage garbage garbage"u8.ToArray());
        Expect("garbage safetensors", "model.safetensors");
        File.Delete(weights);
        File.WriteAllBytes(Path.Combine(ckpt, "pytorch_model.bin"), "garbage"u8.ToArray());
        Expect("only pytorch_model.bin", "pytorch_model.bin", "--allow-pickle");
        var r = Score(pairs, ckpt, "--allow-pickle");
        r.AssertUserError(1, "pytorch_model.bin");
        File.Delete(Path.Combine(ckpt, "pytorch_model.bin"));
        File.WriteAllBytes(weights, goodWeights);

        foreach (var f in new[] { "vocab.json", "merges.txt", "preprocessor_config.json" })
        {
            var path = Path.Combine(ckpt, f);
            var keep = File.ReadAllBytes(path);
            File.Delete(path);
            Expect("missing " + f, f);
            File.WriteAllBytes(path, keep);
        }
    }

    [Fact]
    public void ExtraKeyInTheCheckpointIsNamed()
    {
        var ckpt = CheckpointCopy();
        var file = Path.Combine(ckpt, "model.safetensors");
        var weights = SafetensorsIO.Load(file);
        weights["extra.weight"] = zeros(2);
        SafetensorsIO.Save(file, weights);
        foreach (var t in weights.Values) t.Dispose();
        Score(Pairs($"audio,text\n{Good},knocking\n"), ckpt).AssertUserError(1, "extra.weight");
    }

    [Fact]
    public void OutIsAFolderOrUnderAFileIsRefusedBeforeScoring()
    {
        var pairs = Pairs($"audio,text\n{Good},knocking\n");
        CliRunner.Run("score", "--checkpoint", Fixtures.Checkpoint("tiny_unfused"), "--pairs", pairs, "--out", _dir)
            .AssertUserError(1, "--out", "folder");
        var file = Pairs("x", "plain.txt");
        CliRunner.Run("score", "--checkpoint", Fixtures.Checkpoint("tiny_unfused"), "--pairs", pairs,
                      "--out", Path.Combine(file, "o.csv"))
            .AssertUserError(1, "--out");
    }

    [TmpfsFact]
    public void ReadOnlyOutIsRefusedBeforeTheModelLoads()
    {
        using var fs = SmallFilesystem.TryMount("ro,size=16k", out var why);
        Assert.True(fs is not null, why);
        // A checkpoint that would fail to load: the output check must come first and be what is reported.
        Pairs($"audio,text\n{Good},knocking\n");
        var r = CliRunner.Run("score", "--checkpoint", "/nonexistent/ckpt", "--pairs", Path.Combine(_dir, "pairs.csv"),
            "--out", Path.Combine(fs.Path, "out.csv"));
        r.AssertUserError(1, "--out", fs.Path);
    }

    [TmpfsFact]
    public void FullDiskKeepsThePreviousOutputIntact()
    {
        using var fs = SmallFilesystem.TryMount("size=64k", out var why);
        Assert.True(fs is not null, why);
        var output = Path.Combine(fs.Path, "out.csv");
        var previous = string.Concat(Enumerable.Repeat("audio,text,cosine,clapscore,error\n", 100));
        File.WriteAllText(output, previous);
        // Many rows with long texts: the new file cannot fit beside the old one.
        var longText = new string('x', 2000);
        var rows = string.Concat(Enumerable.Range(0, 40).Select(i => $"missing{i}.wav,{longText}\n"));
        var r = CliRunner.Run("score", "--checkpoint", Fixtures.Checkpoint("tiny_unfused"),
            "--pairs", Pairs("audio,text\n" + rows), "--out", output);
        r.AssertUserError(1, "out.csv");
        Assert.Equal(previous, File.ReadAllText(output));
        Assert.Equal(["out.csv"], Directory.GetFiles(fs.Path).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("--batch-size", "0")]
    [InlineData("--batch-size", "-1")]
    [InlineData("--batch-size", "many")]
    [InlineData("--device", "tpu")]
    public void BadOptionValuesAreUsageErrors(string option, string value)
    {
        var r = Score(Pairs($"audio,text\n{Good},knocking\n"), null, option, value);
        r.AssertUserError(2, option);
        Assert.False(File.Exists(Out));
    }

    [Fact]
    public void OptionWithoutValueAndStrayArgumentsAreUsageErrors()
    {
        var pairs = Pairs($"audio,text\n{Good},knocking\n");
        var ck = Fixtures.Checkpoint("tiny_unfused");
        CliRunner.Run("score", "--checkpoint", ck, "--pairs", pairs, "--out").AssertUserError(2, "--out");
        Assert.False(File.Exists("true"));
        CliRunner.Run("score", "--checkpoint", ck, "--pairs", pairs, "--out", Out, "stray.csv")
            .AssertUserError(2, "stray.csv");
        CliRunner.Run("score", "--checkpoint", ck, "--pairs", pairs).AssertUserError(2, "--out");
        CliRunner.Run("score", "--checkpoint", ck, "--pairs", pairs, "--out", Out, "--bogus")
            .AssertUserError(2, "--bogus");
        CliRunner.Run("nonsense").AssertUserError(2, "nonsense");
        Assert.False(File.Exists(Out));
    }
}
