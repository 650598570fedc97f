using HumanClap.Common;
using HumanClap.Evaluation;
using HumanClap.Scoring;

namespace HumanClap.Tests.Evaluation;

/// <summary>Reading the systems' clips: both layouts, and every problem of the set named before anything is scored.
/// </summary>
public sealed class EvaluationSetTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("humanclap-evalset-").FullName;
    public void Dispose() => Directory.Delete(_dir, true);

    private string Csv(string name, params string[] lines)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public void ALongCsvGivesSystemsPromptsAndTheIntersection()
    {
        var set = EvaluationSet.FromCsv(Csv("clips.csv", "system,prompt_id,text,audio,category",
            "b,p1,rain,b/p1.wav,weather", "a,p1,rain,a/p1.wav,weather", "a,p2,a dog,a/p2.wav,animals"));
        Assert.Equal(["a", "b"], set.Systems);
        Assert.Equal(["p1"], set.CommonPrompts());
        Assert.Equal(Path.Combine(_dir, "b", "p1.wav"), set.Clips.Single(c => c.System == "b").AudioPath);
        Assert.Equal("animals", set.Prompts.Single(p => p.Id == "p2").Category);
    }

    [Fact]
    public void ADuplicateRowIsNamed()
    {
        var path = Csv("dup.csv", "system,prompt_id,text,audio", "a,p1,rain,x.wav", "a,p1,rain,y.wav");
        var e = Assert.Throws<UserInputException>(() => EvaluationSet.FromCsv(path));
        Assert.Contains("'a'", e.Message);
        Assert.Contains("'p1'", e.Message);
        Assert.Contains("dup.csv:2", e.Message);
        Assert.Contains("dup.csv:3", e.Message);
    }

    [Fact]
    public void APromptWithTwoTextsIsNamed()
    {
        var path = Csv("texts.csv", "system,prompt_id,text,audio", "a,p1,rain,x.wav", "b,p1,snow,y.wav");
        var e = Assert.Throws<UserInputException>(() => EvaluationSet.FromCsv(path));
        Assert.Contains("texts.csv:3", e.Message);
        Assert.Contains("'p1'", e.Message);
    }

    [Fact]
    public void AFileThatIsNoPromptIsNamed()
    {
        var prompts = Csv("prompts.csv", "prompt_id,text", "p1,rain", "p2,a dog");
        Directory.CreateDirectory(Path.Combine(_dir, "systems", "a"));
        Directory.CreateDirectory(Path.Combine(_dir, "systems", "b"));
        File.WriteAllBytes(Path.Combine(_dir, "systems", "a", "p1.wav"), []);
        File.WriteAllBytes(Path.Combine(_dir, "systems", "b", "p2.wav"), []);
        File.WriteAllText(Path.Combine(_dir, "systems", "b", "notes.txt"), "ignored");
        var set = EvaluationSet.FromFolders(Path.Combine(_dir, "systems"), prompts);
        Assert.Equal(2, set.Clips.Count);
        Assert.Empty(set.CommonPrompts());

        File.WriteAllBytes(Path.Combine(_dir, "systems", "b", "p9.wav"), []);
        var e = Assert.Throws<UserInputException>(() =>
            EvaluationSet.FromFolders(Path.Combine(_dir, "systems"), prompts));
        Assert.Contains("p9.wav", e.Message);
        Assert.Contains("'p9'", e.Message);
    }

    [Fact]
    public void ModelSpecsAreNamedAndUnique()
    {
        Assert.Equal(new Backbone("laion", "/m/630k.pt"), Backbone.Parse("laion=/m/630k.pt"));
        Assert.Equal("best", Backbone.Parse("/runs/x/best/").Name);
        var e = Assert.Throws<UserInputException>(() => Backbone.ParseAll(["a=/x", "a=/y"]));
        Assert.Contains("'a'", e.Message);
        Assert.Throws<UserInputException>(() => Backbone.Parse("=/x"));
        Assert.Equal(new Shard(2, 3), Shard.Parse("2/3"));
        Assert.Throws<UserInputException>(() => Shard.Parse("4/3"));
    }
}
