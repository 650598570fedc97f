using HumanClap.Common;
using HumanClap.Ratings;

namespace HumanClap.Evaluation;

/// <summary>Listening-test ratings of the evaluated clips (RELATE format): screened by their anchors and averaged per
/// (clip, text) as in the paper, then matched to the clips by file (the ratings' <c>wavname</c> under
/// <c>audioRoot</c>) and text.</summary>
public sealed class ListenerRatings
{
    /// <summary>The rescaled (0–1) mean rating of each rated clip.</summary>
    public IReadOnlyDictionary<GeneratedClip, double> Means { get; }
    /// <summary>The kept ratings of the matched clips (for the noise ceiling).</summary>
    public IReadOnlyList<Rating> Kept { get; }
    public string ScoresCsv { get; }

    private readonly IReadOnlyDictionary<GeneratedClip, IReadOnlyList<Rating>> _byClip;

    private ListenerRatings(IReadOnlyDictionary<GeneratedClip, double> means, IReadOnlyList<Rating> kept,
        string scoresCsv, IReadOnlyDictionary<GeneratedClip, IReadOnlyList<Rating>> byClip) =>
        (Means, Kept, ScoresCsv, _byClip) = (means, kept, scoresCsv, byClip);

    /// <summary>The kept ratings of one clip (none when it was not rated).</summary>
    public IReadOnlyList<Rating> Of(GeneratedClip clip) => _byClip.GetValueOrDefault(clip) ?? [];

    public static ListenerRatings Load(string scoresCsv, string audioRoot, EvaluationSet set)
    {
        if (!Directory.Exists(audioRoot)) throw new UserInputException($"--audio-root {audioRoot}: folder not found");
        var data = RelateLoader.Load(scoresCsv);
        var screening = Screening.Apply(data.Ratings);
        string Key(string path, string text) => Path.GetFullPath(path) + "\u001f" + text;
        var clips = set.Clips.ToDictionary(c => Key(c.AudioPath, c.Text), c => c);
        string FullPath(string wavName) => Path.Join(audioRoot, wavName.TrimStart('/', '\\'));
        var matched = screening.Kept.Where(r => clips.ContainsKey(Key(FullPath(r.WavName), r.Text))).ToList();
        if (matched.Count == 0)
            throw new UserInputException($"{scoresCsv}: no kept rating is of an evaluated clip (wavnames are read " +
                                         $"under --audio-root {audioRoot}; texts must equal the prompts')");
        var means = PairAggregator.Aggregate(matched)
            .ToDictionary(p => clips[Key(FullPath(p.WavName), p.Text)], p => p.Mean01);
        var byClip = matched.GroupBy(r => clips[Key(FullPath(r.WavName), r.Text)])
            .ToDictionary(g => g.Key, g => (IReadOnlyList<Rating>)g.ToList());
        return new ListenerRatings(means, matched, scoresCsv, byClip);
    }
}
