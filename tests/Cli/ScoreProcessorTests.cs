using HumanClap.Common;
using HumanClap.Scoring;
using HumanClap.Tests.Support;

namespace HumanClap.Tests.Cli;

/// <summary>A model published as config.json + model.safetensors alone (the paper's sarulab-speech/human-clap-*)
/// scores with the processor files of the model it was fine-tuned from (`--processor`), exactly as the complete
/// folder does; without them the error names the missing files and the option.</summary>
public sealed class ScoreProcessorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("humanclap-cli-processor-").FullName;
    public void Dispose() => Directory.Delete(_dir, true);

    private static string Fused => Fixtures.Checkpoint("tiny_fused");

    private string WeightsOnly()
    {
        var dir = Path.Combine(_dir, "human-clap-like");
        Directory.CreateDirectory(dir);
        foreach (var f in new[] { "config.json", "model.safetensors" })
            File.Copy(Path.Combine(Fused, f), Path.Combine(dir, f));
        return dir;
    }

    private string Pairs()
    {
        var path = Path.Combine(_dir, "pairs.csv");
        File.WriteAllText(path, $"audio,text\n{Path.Combine(Fused, "beeps_10s.wav")},electronic beeps\n" +
                                $"{Path.Combine(Fused, "knocks_4s.wav")},someone knocks\n");
        return path;
    }

    [Fact]
    public void A_weights_only_folder_scores_with_the_processor_of_its_base_model_as_the_full_folder_does()
    {
        var withProcessor = Path.Combine(_dir, "with-processor.csv");
        var full = Path.Combine(_dir, "full.csv");
        var r = CliRunner.Run(["score", "--checkpoint", WeightsOnly(), "--processor", Fused, "--pairs", Pairs(),
                               "--out", withProcessor]);
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Equal(0, CliRunner.Run(["score", "--checkpoint", Fused, "--pairs", Pairs(), "--out", full]).ExitCode);
        Assert.Equal(File.ReadAllLines(full), File.ReadAllLines(withProcessor));
    }

    [Fact]
    public void Without_the_processor_the_error_names_the_missing_files_and_the_option()
    {
        var r = CliRunner.Run(["score", "--checkpoint", WeightsOnly(), "--pairs", Pairs(),
                               "--out", Path.Combine(_dir, "o.csv")]);
        Assert.Equal(1, r.ExitCode);
        Assert.False(r.HasStackTrace, r.Error);
        foreach (var name in HfProcessorFiles.Names) Assert.Contains(name, r.Error);
        Assert.Contains("--processor", r.Error);
        Assert.False(File.Exists(Path.Combine(_dir, "o.csv")));
    }

    [Fact]
    public void A_processor_folder_lacking_a_file_is_named()
    {
        var partial = Path.Combine(_dir, "partial");
        Directory.CreateDirectory(partial);
        File.Copy(Path.Combine(Fused, "vocab.json"), Path.Combine(partial, "vocab.json"));
        var e = Assert.Throws<UserInputException>(() =>
            ClapScorer.FromPretrained(WeightsOnly(), new ScorerOptions { ProcessorDir = partial }));
        Assert.Contains("preprocessor_config.json, merges.txt", e.Message);
        Assert.Contains($"--processor {partial}", e.Message);
    }

    [Fact]
    public void The_processor_is_part_of_the_embedding_caches_key()
    {
        var cache = Path.Combine(_dir, "cache");
        var options = new ScorerOptions { ProcessorDir = Fused, CacheDir = cache };
        var checkpoint = WeightsOnly();
        using (var first = ClapScorer.FromPretrained(checkpoint, options))
            first.ScoreFiles([(Path.Combine(Fused, "beeps_10s.wav"), "beeps")]);
        var other = Path.Combine(_dir, "other-processor");
        Directory.CreateDirectory(other);
        foreach (var f in HfProcessorFiles.Names) File.Copy(Path.Combine(Fused, f), Path.Combine(other, f));
        File.AppendAllText(Path.Combine(other, "merges.txt"), "\n");
        using var second = ClapScorer.FromPretrained(checkpoint, options with { ProcessorDir = other });
        second.ScoreFiles([(Path.Combine(Fused, "beeps_10s.wav"), "beeps")]);
        Assert.Equal(0, second.Counters.CacheHits);
    }
}
