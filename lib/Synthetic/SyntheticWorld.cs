using HumanClap.Common;
using System.Text.Json;
using HumanClap.Audio;

namespace HumanClap.Synthetic;

/// <summary>What <see cref="SyntheticWorld.Generate"/> wrote.</summary>
public sealed record WorldSummary(string Scale, int Seed, string OutDir, int TrainCaptions, int TestCaptions, int PretrainClips,
                                  int WavFiles, int Pairs, int Listeners, int CarelessListeners, int ScreenedOutListeners,
                                  int Ratings, int AnchorRatings, long Bytes, IReadOnlyList<string> Texts)
{
    public string ScoresCsv => Path.Combine(OutDir, "scores", "REL.csv");
    public string ListenerAttributesCsv => Path.Combine(OutDir, "listener_attributes", "REL.csv");
    public string CaptionsCsv => Path.Combine(OutDir, "captions.csv");
    public string TruthListenersCsv => Path.Combine(OutDir, "truth", "listeners.csv");
    public string TruthPairsCsv => Path.Combine(OutDir, "truth", "pairs.csv");
    public string WorldJson => Path.Combine(OutDir, "world.json");
}

/// <summary>Generates a seeded synthetic listening test in RELATE's file layout (see lib/Synthetic/README.md).</summary>
public static class SyntheticWorld
{
    public const string NaturalFolder = "audiocaps";
    private const int AnchorsPerSession = 3;

    private sealed record CaptionItem(int Id, string Split, string RelateSplit, Scene Truth, Scene Described, string Caption,
                                      string Noisy, double Seconds);
    private sealed record Pair(string WavName, string Text, double Relevance, string System, string AudioType, CaptionItem Item);

    public static WorldSummary Generate(WorldScale scale, int seed, string outDir, int maxThreads = 2)
    {
        ArgumentNullException.ThrowIfNull(scale);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxThreads, 1);
        if (Directory.Exists(outDir) && Directory.EnumerateFileSystemEntries(outDir).Any(e => !RunLock.IsLockFile(e)))
            throw new UserInputException($"output folder {outDir} is not empty; give a new folder or remove it first");
        Directory.CreateDirectory(outDir);

        var rated = Enumerable.Range(0, scale.Captions).Select(i => MakeCaption(scale, seed, "caption", i,
            i < scale.TrainCaptions ? "train" : "test")).ToList();
        var pretrain = Enumerable.Range(0, scale.PretrainClips).Select(i => MakeCaption(scale, seed, "pretrain", i, "pretrain")).ToList();

        // Every clip is rendered from its own random stream, so the thread count cannot change a byte.
        var jobs = rated.SelectMany(c => new[] { "natural" }.Concat(TtaSystems.All.Select(s => s.Name)).Select(sys => (c, sys)))
            .Concat(pretrain.Select(c => (c, sys: "natural"))).ToList();
        var pairs = new Pair?[jobs.Count];
        var contents = new string[jobs.Count];
        Parallel.For(0, jobs.Count, new ParallelOptions { MaxDegreeOfParallelism = maxThreads }, j =>
        {
            var (item, sys) = jobs[j];
            var rng = Seeds.For(seed, $"render/{sys}/{item.Split}", item.Id);
            var clip = sys == "natural" ? Synthesizer.Render(item.Truth, item.Seconds, rng)
                                        : TtaSystems.Render(TtaSystems.Get(sys), item.Described, item.Seconds, rng);
            string folder = sys == "natural" ? NaturalFolder : sys;
            string wavName = $"/{folder}/{item.Split}/{item.Id}.wav";
            var path = Path.Combine(outDir, folder, item.Split, $"{item.Id}.wav");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            AudioWriter.WriteWav16(path, clip.Samples, SoundClasses.SampleRate);
            contents[j] = $"{wavName}\t{Describe(clip.Content)}\t{Csv.Num(clip.ArtefactSeverity)}";
            if (item.Split != "pretrain")
                pairs[j] = new Pair(wavName, item.Caption, Relevance.Score(clip.Content, item.Described, clip.ArtefactSeverity),
                                    sys, sys == "natural" ? "natural" : TtaSystems.Get(sys).AudioType, item);
        });
        var ratedPairs = pairs.Where(p => p is not null).Select(p => p!).ToList();

        var (listeners, sessions) = BuildSessions(scale, seed, ratedPairs, rated);
        var rows = new List<string[]>();
        var truthPairs = new Dictionary<(string, string), Pair>();
        int screenedOut = 0, anchorRatings = 0;
        for (int l = 0; l < listeners.Count; l++)
        {
            var rng = Seeds.For(seed, "rate", l);
            var session = sessions[l].OrderBy(_ => rng.Next()).ToList();
            var scores = session.Select(p => listeners[l].Rate(p.Relevance, rng)).ToList();
            var anchorScores = session.Select((p, k) => (p, k)).Where(x => x.p.System == "anchor").Select(x => scores[x.k]).ToList();
            bool excluded = HumanClap.Ratings.Screening.IsFlagged(anchorScores.ConvertAll(s => (double)s));
            if (excluded) screenedOut++;
            for (int k = 0; k < session.Count; k++)
            {
                var p = session[k];
                bool anchor = p.System == "anchor";
                anchorRatings += anchor ? 1 : 0;
                truthPairs[(p.WavName, p.Text)] = p;
                rows.Add([p.WavName, p.Text, scores[k].ToString(), listeners[l].Id, p.AudioType, anchor ? "True" : "False",
                          anchor || excluded ? "excluded" : p.Item.RelateSplit, anchor ? "" : p.Item.Split]);
            }
        }

        Csv.Write(Path.Combine(outDir, "scores", "REL.csv"),
            "wavname,text,score,listener_id,audio type,anchor label,in RELATE dataset,in AudioCaps", rows);
        Csv.Write(Path.Combine(outDir, "listener_attributes", "REL.csv"),
            "listener_id," + string.Join(',', Enumerable.Range(1, 12).Select(q => $"question{q}")),
            listeners.Select((x, l) => ListenerAttributes(x.Id, Seeds.For(seed, "attributes", l))));
        Csv.Write(Path.Combine(outDir, "captions.csv"), "wavname,caption,noisy_caption,split",
            rated.Concat(pretrain).Select(c => new[] { $"/{NaturalFolder}/{c.Split}/{c.Id}.wav", c.Caption, c.Noisy, c.Split }));
        Csv.Write(Path.Combine(outDir, "truth", "listeners.csv"), "listener_id,careless,kind,bias,scale,noise",
            listeners.Select(x => new[] { x.Id, x.Careless ? "True" : "False", x.Kind.ToString(), Csv.Num(x.Bias), Csv.Num(x.Scale), Csv.Num(x.Noise) }));
        Csv.Write(Path.Combine(outDir, "truth", "pairs.csv"), "wavname,text,relevance,system,anchor",
            truthPairs.Values.OrderBy(p => p.WavName, StringComparer.Ordinal).ThenBy(p => p.Text, StringComparer.Ordinal)
                .Select(p => new[] { p.WavName, p.Text, Csv.Num(p.Relevance), p.System, p.System == "anchor" ? "True" : "False" }));
        Csv.Write(Path.Combine(outDir, "truth", "clips.csv"), "wavname,content,artefact",
            contents.Select(c => c.Split('\t')));

        var texts = rated.Concat(pretrain).SelectMany(c => new[] { c.Caption, c.Noisy }).Distinct().ToList();
        var summary = new WorldSummary(scale.Name, seed, Path.GetFullPath(outDir), scale.TrainCaptions, scale.TestCaptions,
            scale.PretrainClips, jobs.Count, ratedPairs.Count, listeners.Count, listeners.Count(x => x.Careless), screenedOut,
            rows.Count, anchorRatings, 0, texts);
        AtomicFile.WriteAllText(summary.WorldJson, JsonSerializer.Serialize(new
        {
            scale, seed, counts = new
            {
                summary.TrainCaptions, summary.TestCaptions, summary.PretrainClips, summary.WavFiles, summary.Pairs,
                summary.Listeners, summary.CarelessListeners, summary.ScreenedOutListeners, summary.Ratings, summary.AnchorRatings,
            },
            systems = TtaSystems.All,
        }, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        long bytes = new DirectoryInfo(outDir).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
        return summary with { Bytes = bytes };
    }

    private static CaptionItem MakeCaption(WorldScale scale, int seed, string stream, int i, string split)
    {
        var rng = Seeds.For(seed, stream, i);
        var truth = SceneFactory.Random(rng);
        var described = CaptionWriter.Describe(truth, rng);
        int phrasing = rng.Next();
        string caption = CaptionWriter.Write(described, new Random(phrasing));
        string noisy = CaptionWriter.Noisy(truth, described, scale.Noise, rng, phrasing);
        // RELATE labels AudioCaps-test texts validation or test, AudioCaps-train texts train.
        string relateSplit = split == "test" ? (rng.Next(2) == 0 ? "validation" : "test") : split;
        int id = (stream == "pretrain" ? 500_000 : 100_000) + i;
        return new CaptionItem(id, split, relateSplit, truth, described, caption, noisy, rng.Uniform(scale.MinSeconds, scale.MaxSeconds));
    }

    /// <summary>Each pair is dealt <see cref="WorldScale.RatingsPerPair"/> times from shuffled decks, cut into sessions of
    /// <see cref="WorldScale.PairsPerSession"/> (a repeat inside one session is dropped), plus three anchors each:
    /// a natural clip with the caption of a clip sharing none of its sound classes.</summary>
    private static (List<SimulatedListener>, List<List<Pair>>) BuildSessions(WorldScale scale, int seed, List<Pair> pairs,
                                                                            List<CaptionItem> captions)
    {
        var rng = Seeds.For(seed, "sessions", 0);
        var deck = Enumerable.Range(0, scale.RatingsPerPair).SelectMany(_ => pairs.OrderBy(_ => rng.Next())).ToList();
        var listeners = new List<SimulatedListener>();
        var sessions = new List<List<Pair>>();
        for (int start = 0; start < deck.Count; start += scale.PairsPerSession)
        {
            int l = listeners.Count;
            listeners.Add(SimulatedListener.Sample(l.ToString("D4"), scale.CarelessShare, Seeds.For(seed, "listener", l)));
            var session = deck.Skip(start).Take(scale.PairsPerSession).DistinctBy(p => (p.WavName, p.Text)).ToList();
            for (int a = 0; a < AnchorsPerSession; a++) session.Add(Anchor(captions, rng));
            sessions.Add(session);
        }
        return (listeners, sessions);
    }

    private static Pair Anchor(List<CaptionItem> captions, Random rng)
    {
        var audio = rng.Pick(captions);
        var classes = audio.Truth.Events.Select(e => e.Class).Append(audio.Truth.Background?.Class).ToHashSet();
        var text = captions[0];
        for (int tries = 0; tries < 50; tries++)
        {
            text = rng.Pick(captions);
            if (text.Truth.Events.All(e => !classes.Contains(e.Class))) break;
        }
        string wav = $"/{NaturalFolder}/{audio.Split}/{audio.Id}.wav";
        return new Pair(wav, text.Caption, Relevance.Score(audio.Truth, text.Described), "anchor", "natural", audio);
    }

    private static string[] ListenerAttributes(string id, Random rng)
    {
        string[] countries = ["United Kingdom", "United States", "Canada", "Australia", "Ireland"];
        var home = rng.Pick(countries);
        return [id, $"{rng.Next(1, 7)}", $"{rng.Next(1, 4)}", home, home, rng.NextDouble() < 0.9 ? home : rng.Pick(countries),
                $"{rng.Next(1, 4)}", $"{rng.Next(1, 5)}", $"{rng.Next(1, 6)}", $"{rng.Next(1, 4)}", $"{rng.Next(1, 3)}",
                $"{rng.Next(1, 4)}", $"{rng.Next(1, 3)}"];
    }

    /// <summary>Compact text of a clip's true content, e.g. "beep(high,loud,fast) then hum(low,quiet) | bg rain".</summary>
    public static string Describe(Scene s)
    {
        static string One(SoundEvent e) =>
            $"{e.Class}({string.Join(',', new object?[] { e.Pitch, e.Loudness, e.Speed }.Where(x => x is not null).Select(x => x!.ToString()!.ToLowerInvariant()))})";
        var parts = s.Events.Select((e, i) => (i == 0 ? "" : s.Links[i - 1] == Link.Then ? " then " : " while ") + One(e));
        return string.Concat(parts) + (s.Background is { } b ? $" | bg {b.Class}" : "");
    }
}
