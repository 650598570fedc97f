using HumanClap.Common;
using HumanClap.Experiments;
using HumanClap.Synthetic;

namespace HumanClap.Evaluation;

/// <summary>The embedded example: a <c>reproduce</c> run's synthetic world evaluated as a text-to-audio benchmark.
/// The prompts are the world's AudioCaps-test captions (never used to fine-tune), the systems its four simulated TTA
/// systems plus the natural recordings, the categories the number of sound events the reference clip holds, the
/// backbones the run's conventional CLAP and its Human-CLAP variants, the ratings its simulated listeners'.</summary>
public static class DemoEvaluation
{
    public const string NaturalSystem = "natural";
    public const string ConventionalBackbone = "conventional";

    public static EvaluationSet Set(string runDir)
    {
        var world = new WorldFolder(RunFolder.WorldDir(runDir));
        if (!File.Exists(world.CaptionsCsv))
            throw new UserInputException($"{runDir}: no synthetic world (run `reproduce` into it first)");
        var events = CsvIO.Read(world.TruthClipsCsv).Records.ToDictionary(r => r.Fields[0], r => Events(r.Fields[1]));
        var prompts = CsvIO.Read(world.CaptionsCsv).Records.Where(r => r.Fields[3] == "test")
            .Select(r => (Wav: r.Fields[0], Caption: r.Fields[1])).ToList();
        var systems = new[] { (NaturalSystem, WorldFolder.NaturalFolder) }
            .Concat(TtaSystems.All.Select(s => (s.Name, s.Name))).ToList();
        var clips = new List<GeneratedClip>();
        var promptList = new List<Prompt>();
        foreach (var (wav, caption) in prompts)
        {
            string id = Path.GetFileNameWithoutExtension(wav);
            int n = events.GetValueOrDefault(wav);
            string category = n == 1 ? "1 event" : $"{n} events";
            promptList.Add(new Prompt(id, caption, category));
            foreach (var (system, folder) in systems)
            {
                string path = Path.Combine(world.Dir, folder, "test", id + ".wav");
                clips.Add(new GeneratedClip(system, id, caption, Path.GetFullPath(path), category, path));
            }
        }
        return new EvaluationSet(clips, promptList);
    }

    /// <summary>"chirp(low) then wind(loud) | bg rain" holds two events (the background is not one).</summary>
    private static int Events(string content) =>
        content.Split('|')[0].Split([" then ", " while "], StringSplitOptions.RemoveEmptyEntries).Length;

    /// <summary>The run's conventional CLAP and each Human-CLAP variant it trained.</summary>
    public static IReadOnlyList<Backbone> Backbones(string runDir)
    {
        var backbones = new List<Backbone> { new(ConventionalBackbone, Best(RunFolder.BaselineDir(runDir))) };
        foreach (var loss in new ExperimentOptions { OutDir = runDir }.Variants)
            if (Directory.Exists(Best(RunFolder.VariantDir(runDir, loss.Name))))
                backbones.Add(new Backbone("human-clap " + loss.Name, Best(RunFolder.VariantDir(runDir, loss.Name))));
        return backbones;
    }

    /// <summary>The variants hold only config.json and weights: the processor files come from the run's CLAP.
    /// </summary>
    public static string ProcessorDir(string runDir) => RunFolder.ClapMiniDir(runDir);

    public static ListenerRatings Ratings(string runDir, EvaluationSet set)
    {
        var world = new WorldFolder(RunFolder.WorldDir(runDir));
        return ListenerRatings.Load(world.ScoresCsv, world.Dir, set);
    }

    private static string Best(string checkpointDir) => Path.Combine(checkpointDir, "best");
}
