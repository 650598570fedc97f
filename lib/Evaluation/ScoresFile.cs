using System.Globalization;
using HumanClap.Common;

namespace HumanClap.Evaluation;

/// <summary>scores.csv of an evaluation (or of one shard): one row per clip and backbone,
/// <c>system,prompt_id,category,text,audio,backbone,cosine,clapscore,error</c>, cosines written round-trip exact so
/// merged shards give the single run's statistics bit for bit.</summary>
internal static class ScoresFile
{
    public const string Name = "scores.csv";
    private static readonly string[] Header =
        ["system", "prompt_id", "category", "text", "audio", "backbone", "cosine", "clapscore", "error"];

    public static void Write(string path, IEnumerable<ClipScore> scores) =>
        CsvIO.Write(path, Header, scores.Select(s => (IReadOnlyList<string?>)
        [
            s.Clip.System, s.Clip.PromptId, s.Clip.Category, s.Clip.Text, s.Clip.AudioPath, s.Backbone,
            CsvIO.Format(s.Cosine), CsvIO.Format(s.ClapScore), s.Error ?? "",
        ]));

    /// <summary>Reads the scores back, each clip resolved against <paramref name="set"/> (an unknown clip is an error
    /// naming the file and line).</summary>
    public static IReadOnlyList<ClipScore> Read(string path, EvaluationSet set)
    {
        var csv = CsvIO.Read(path);
        var col = Header.ToDictionary(h => h, csv.Column);
        var clips = set.Clips.ToDictionary(c => (c.System, c.PromptId));
        return csv.Records.Select(r =>
        {
            string F(string name) => col[name] < r.Fields.Length ? r.Fields[col[name]] : "";
            if (!clips.TryGetValue((F("system"), F("prompt_id")), out var clip) || clip.AudioPath != F("audio"))
                throw new UserInputException($"{path}:{r.Line}: clip {F("system")}/{F("prompt_id")} ({F("audio")}) " +
                                             "is not one of this evaluation's clips");
            double? cosine = F("cosine").Length == 0 ? null
                : double.TryParse(F("cosine"), NumberStyles.Float, CultureInfo.InvariantCulture, out var c) ? c
                : throw new UserInputException($"{path}:{r.Line}: cosine '{F("cosine")}' is not a number");
            return new ClipScore(F("backbone"), clip, cosine, F("error").Length == 0 ? null : F("error"));
        }).ToList();
    }
}
