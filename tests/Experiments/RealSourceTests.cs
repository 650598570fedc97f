using HumanClap.Common;
using HumanClap.Experiments;
using HumanClap.Model;
using HumanClap.Model.Laion;
using HumanClap.Tests.Support;

namespace HumanClap.Tests.Experiments;

/// <summary>A real-data run started from a LAION <c>.pt</c>: the checkpoint is converted once into the run folder,
/// and training and evaluation read that Hugging Face folder, weights unchanged.</summary>
public sealed class RealSourceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("humanclap-realsource-").FullName;
    public void Dispose() => Directory.Delete(_dir, true);

    private ExperimentOptions Options(string checkpoint, bool allowPickle) => new()
    {
        Scale = null, Checkpoint = checkpoint, Ratings = Path.Combine(_dir, "ratings.csv"),
        AudioRoot = _dir, OutDir = Path.Combine(_dir, "run"), AllowPickle = allowPickle,
    };

    [Fact]
    public void A_laion_pt_is_converted_once_into_the_run_folder_with_its_weights_unchanged()
    {
        var pt = LaionFixtures.CopyToTemp("tiny_unfused", _dir);
        var source = ExperimentSource.Of(Options(pt, allowPickle: true), new StageClock(TextWriter.Null));
        Assert.Equal(Path.Combine(_dir, "run", RealSource.ConvertedCheckpointFolder), source.Checkpoint);
        using var converted = ClapModel.FromPretrained(source.Checkpoint);
        using var original = LaionCheckpoint.Load(pt, new CheckpointLoadOptions { AllowPickle = true });
        var expected = original.state_dict();
        var actual = converted.state_dict();
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (key, tensor) in expected)
            Assert.True(tensor.shape.SequenceEqual(actual[key].shape) && tensor.equal(actual[key]).all().item<bool>(),
                key);
        // A second start reuses the converted folder.
        var written = File.GetLastWriteTimeUtc(Path.Combine(source.Checkpoint, "model.safetensors"));
        ExperimentSource.Of(Options(pt, allowPickle: true), new StageClock(TextWriter.Null));
        Assert.Equal(written, File.GetLastWriteTimeUtc(Path.Combine(source.Checkpoint, "model.safetensors")));
    }

    [Fact]
    public void A_laion_pt_without_allow_pickle_is_refused_naming_the_option()
    {
        var pt = LaionFixtures.CopyToTemp("tiny_unfused", _dir);
        var e = Assert.ThrowsAny<UserInputException>(() =>
            ExperimentSource.Of(Options(pt, allowPickle: false), new StageClock(TextWriter.Null)));
        Assert.Contains("--allow-pickle", e.Message);
    }
}
