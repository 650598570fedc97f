using HumanClap.Common;

namespace HumanClap.Synthetic;

/// <summary>Where each file of a synthetic world lies (RELATE's layout plus captions.csv, truth/ and world.json; see
/// lib/Synthetic/README.md): the one place that knows it. <see cref="SyntheticWorld.Generate"/> writes these files;
/// the experiment and the diagnostics read them through here.</summary>
public sealed record WorldFolder(string Dir)
{
    /// <summary>The audio folder of the natural clips, named after RELATE's.</summary>
    public const string NaturalFolder = "audiocaps";

    public string ScoresCsv => Path.Combine(Dir, "scores", "REL.csv");
    public string ListenerAttributesCsv => Path.Combine(Dir, "listener_attributes", "REL.csv");
    public string CaptionsCsv => Path.Combine(Dir, "captions.csv");
    public string TruthListenersCsv => Path.Combine(Dir, "truth", "listeners.csv");
    public string TruthPairsCsv => Path.Combine(Dir, "truth", "pairs.csv");
    public string TruthClipsCsv => Path.Combine(Dir, "truth", "clips.csv");
    /// <summary>The world's identity and counts (<see cref="WorldManifest"/>).</summary>
    public string WorldJson => Path.Combine(Dir, "world.json");

    /// <summary>A clip's wavname as the ratings and captions name it: relative to the world, with a leading slash.
    /// </summary>
    public static string WavName(string audioFolder, string split, int id) => $"/{audioFolder}/{split}/{id}.wav";

    /// <summary>The file of the clip <see cref="WavName"/> names.</summary>
    public string ClipPath(string audioFolder, string split, int id) =>
        Path.Combine(Dir, audioFolder, split, $"{id}.wav");

    /// <summary>world.json read back; null when there is none or it is not one this code writes.</summary>
    internal WorldManifest? ReadManifest() => File.Exists(WorldJson) ? WorldManifest.TryRead(WorldJson) : null;

    /// <summary>The unrated pretraining clips with their noisy (web-like) captions, from captions.csv.</summary>
    public List<(string WavName, string Caption)> ReadPretrainCaptions()
    {
        var csv = CsvIO.Read(CaptionsCsv);
        int wav = csv.Column("wavname"), noisy = csv.Column("noisy_caption"), split = csv.Column("split");
        return csv.Records.Where(r => r.Fields[split] == "pretrain")
            .Select(r => (r.Fields[wav], r.Fields[noisy])).ToList();
    }

    /// <summary>Every caption and rated text of the world, as read from its files: the corpus clap-mini's tokenizer
    /// is learned from (the same texts, in the same order, as <see cref="WorldSummary.Corpus"/>).</summary>
    public IEnumerable<string> ReadCorpus()
    {
        var captions = CsvIO.Read(CaptionsCsv);
        int caption = captions.Column("caption"), noisy = captions.Column("noisy_caption");
        var scores = CsvIO.Read(ScoresCsv);
        int text = scores.Column("text");
        return captions.Records.SelectMany(r => new[] { r.Fields[caption], r.Fields[noisy] })
            .Concat(scores.Records.Select(r => r.Fields[text])).Distinct();
    }
}
