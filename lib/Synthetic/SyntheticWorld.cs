using HumanClap.Common;
using HumanClap.Audio;

namespace HumanClap.Synthetic;

/// <summary>Generates a seeded synthetic listening test in RELATE's file layout (see lib/Synthetic/README.md).
/// </summary>
public static class SyntheticWorld
{
    private const int AnchorsPerSession = 3;
    private const string Natural = "natural", Anchor = "anchor";

    private sealed record CaptionItem(int Id, string Split, string RelateSplit, Scene Truth, Scene Described,
                                      string Caption, string Noisy, double Seconds)
    {
        public string NaturalWavName => WorldFolder.WavName(WorldFolder.NaturalFolder, Split, Id);
    }

    private sealed record Pair(string WavName, string Text, double Relevance, string System, string AudioType,
                               CaptionItem Item);

    /// <summary>A rendered clip's true content (truth/clips.csv).</summary>
    private sealed record ClipTruth(string WavName, string Content, double Artefact);

    /// <summary>One rating row of scores/REL.csv.</summary>
    private sealed record Rating(Pair Pair, int Score, string ListenerId, bool ListenerExcluded);

    /// <summary>The simulated listening test: every rating in session order, and the listeners screening removed.
    /// </summary>
    private sealed record ListeningTest(List<SimulatedListener> Listeners, List<Rating> Ratings, int ScreenedOut);

    /// <summary>Generates the world unless the folder already holds one of this scale and seed (its world.json);
    /// returns what was generated, or null when the world was reused.</summary>
    public static WorldSummary? Ensure(WorldScale scale, int seed, string dir, TextWriter log)
    {
        if (new WorldFolder(dir).ReadManifest() is { } manifest && manifest.IsWorldOf(scale, seed))
        {
            log.WriteLine($"reusing the synthetic world in {dir}");
            return null;
        }
        if (Directory.Exists(dir)) Directory.Delete(dir, true);
        log.WriteLine($"generating the synthetic world ({scale.Name}, seed {seed}) in {dir}");
        return SyntheticWorld.Generate(scale, seed, dir, maxThreads: Math.Min(2, Environment.ProcessorCount));
    }

    public static WorldSummary Generate(WorldScale scale, int seed, string outDir, int maxThreads = 2)
    {
        ArgumentNullException.ThrowIfNull(scale);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxThreads, 1);
        var folder = new WorldFolder(Path.GetFullPath(outDir));
        CreateEmpty(outDir);

        var rated = Enumerable.Range(0, scale.Captions).Select(i => MakeCaption(scale, seed, "caption", i,
            i < scale.TrainCaptions ? "train" : "test")).ToList();
        var pretrain = Enumerable.Range(0, scale.PretrainClips)
            .Select(i => MakeCaption(scale, seed, "pretrain", i, "pretrain")).ToList();
        var systems = new[] { Natural }.Concat(TtaSystems.All.Select(s => s.Name)).ToList();
        var jobs = rated.SelectMany(c => systems.Select(sys => (c, sys)))
            .Concat(pretrain.Select(c => (c, sys: Natural))).ToList();
        var (clips, ratedPairs) = RenderClips(folder, seed, jobs, maxThreads);
        var test = RunListeningTest(scale, seed, ratedPairs, rated);

        WriteScores(folder, test);
        WriteListenerAttributes(folder, seed, test.Listeners);
        WriteCaptions(folder, rated.Concat(pretrain));
        WriteTruth(folder, test, clips);
        var counts = new WorldCounts(
            TrainCaptions: scale.TrainCaptions, TestCaptions: scale.TestCaptions, PretrainClips: scale.PretrainClips,
            WavFiles: jobs.Count, Pairs: ratedPairs.Count, Listeners: test.Listeners.Count,
            CarelessListeners: test.Listeners.Count(x => x.Careless), ScreenedOutListeners: test.ScreenedOut,
            Ratings: test.Ratings.Count, AnchorRatings: test.Ratings.Count(r => r.Pair.System == Anchor));
        new WorldManifest(scale, seed, counts, TtaSystems.All).Write(folder.WorldJson);

        return new WorldSummary(
            Scale: scale, Seed: seed, Folder: folder, Counts: counts,
            Bytes: new DirectoryInfo(outDir).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length),
            Corpus: rated.Concat(pretrain).SelectMany(c => new[] { c.Caption, c.Noisy }).Distinct().ToList());
    }

    private static void CreateEmpty(string outDir)
    {
        if (Directory.Exists(outDir) && Directory.EnumerateFileSystemEntries(outDir).Any(e => !RunLock.IsLockFile(e)))
            throw new UserInputException($"output folder {outDir} is not empty; give a new folder or remove it first");
        Directory.CreateDirectory(outDir);
    }

    /// <summary>Renders every (caption, system) job to its WAV file; returns each clip's truth in job order and the
    /// rated pairs (all but the pretraining clips). Every clip is rendered from its own random stream, so the thread
    /// count cannot change a byte.</summary>
    private static (ClipTruth[] Clips, List<Pair> RatedPairs) RenderClips(
        WorldFolder folder, int seed, List<(CaptionItem Item, string System)> jobs, int maxThreads)
    {
        var pairs = new Pair?[jobs.Count];
        var clips = new ClipTruth[jobs.Count];
        Parallel.For(0, jobs.Count, new ParallelOptions { MaxDegreeOfParallelism = maxThreads }, j =>
        {
            var (item, sys) = jobs[j];
            var rng = Seeds.For(seed, $"render/{sys}/{item.Split}", item.Id);
            var clip = sys == Natural ? Synthesizer.Render(item.Truth, item.Seconds, rng)
                                      : TtaSystems.Render(TtaSystems.Get(sys), item.Described, item.Seconds, rng);
            string audioFolder = sys == Natural ? WorldFolder.NaturalFolder : sys;
            string wavName = WorldFolder.WavName(audioFolder, item.Split, item.Id);
            var path = folder.ClipPath(audioFolder, item.Split, item.Id);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            AudioWriter.WriteWav16(path, clip.Samples, SoundClasses.SampleRate);
            clips[j] = new ClipTruth(wavName, Describe(clip.Content), clip.ArtefactSeverity);
            if (item.Split != "pretrain")
                pairs[j] = new Pair(wavName, item.Caption,
                    Relevance.Score(clip.Content, item.Described, clip.ArtefactSeverity),
                    sys, sys == Natural ? Natural : TtaSystems.Get(sys).AudioType, item);
        });
        return (clips, pairs.Where(p => p is not null).Select(p => p!).ToList());
    }

    /// <summary>Every listener rates their session in a shuffled order; a listener whose anchors score high on
    /// average is screened out (their ratings stay, marked excluded, as RELATE marks them).</summary>
    private static ListeningTest RunListeningTest(WorldScale scale, int seed, List<Pair> ratedPairs,
                                                  List<CaptionItem> rated)
    {
        var (listeners, sessions) = BuildSessions(scale, seed, ratedPairs, rated);
        var ratings = new List<Rating>();
        int screenedOut = 0;
        for (int l = 0; l < listeners.Count; l++)
        {
            var rng = Seeds.For(seed, "rate", l);
            var session = sessions[l].OrderBy(_ => rng.Next()).ToList();
            var scores = session.Select(p => listeners[l].Rate(p.Relevance, rng)).ToList();
            var anchorScores = session.Select((p, k) => (p, k)).Where(x => x.p.System == Anchor)
                .Select(x => scores[x.k]).ToList();
            bool excluded = HumanClap.Ratings.Screening.IsFlagged(anchorScores.ConvertAll(s => (double)s));
            if (excluded) screenedOut++;
            ratings.AddRange(session.Select((p, k) => new Rating(p, scores[k], listeners[l].Id, excluded)));
        }
        return new ListeningTest(listeners, ratings, screenedOut);
    }

    private static void WriteScores(WorldFolder folder, ListeningTest test) =>
        Csv.Write(folder.ScoresCsv,
            "wavname,text,score,listener_id,audio type,anchor label,in RELATE dataset,in AudioCaps",
            test.Ratings.Select(r =>
            {
                var (p, anchor) = (r.Pair, r.Pair.System == Anchor);
                return new[]
                {
                    p.WavName, p.Text, r.Score.ToString(), r.ListenerId, p.AudioType, anchor ? "True" : "False",
                    anchor || r.ListenerExcluded ? "excluded" : p.Item.RelateSplit, anchor ? "" : p.Item.Split,
                };
            }));

    private static void WriteListenerAttributes(WorldFolder folder, int seed, List<SimulatedListener> listeners) =>
        Csv.Write(folder.ListenerAttributesCsv,
            "listener_id," + string.Join(',', Enumerable.Range(1, 12).Select(q => $"question{q}")),
            listeners.Select((x, l) => ListenerAttributes(x.Id, Seeds.For(seed, "attributes", l))));

    private static void WriteCaptions(WorldFolder folder, IEnumerable<CaptionItem> captions) =>
        Csv.Write(folder.CaptionsCsv, "wavname,caption,noisy_caption,split",
            captions.Select(c => new[] { c.NaturalWavName, c.Caption, c.Noisy, c.Split }));

    /// <summary>The hidden truth the diagnostics compare the ratings with: listeners, every rated pair once (sorted),
    /// and every clip's content.</summary>
    private static void WriteTruth(WorldFolder folder, ListeningTest test, ClipTruth[] clips)
    {
        Csv.Write(folder.TruthListenersCsv, "listener_id,careless,kind,bias,scale,noise",
            test.Listeners.Select(x => new[]
            {
                x.Id, x.Careless ? "True" : "False", x.Kind.ToString(), Csv.Num(x.Bias), Csv.Num(x.Scale),
                Csv.Num(x.Noise),
            }));
        // A pair rated several times is written once (the Pair of its last rating).
        var pairs = new Dictionary<(string, string), Pair>();
        foreach (var r in test.Ratings) pairs[(r.Pair.WavName, r.Pair.Text)] = r.Pair;
        Csv.Write(folder.TruthPairsCsv, "wavname,text,relevance,system,anchor",
            pairs.Values.OrderBy(p => p.WavName, StringComparer.Ordinal).ThenBy(p => p.Text, StringComparer.Ordinal)
                .Select(p => new[]
                {
                    p.WavName, p.Text, Csv.Num(p.Relevance), p.System, p.System == Anchor ? "True" : "False",
                }));
        Csv.Write(folder.TruthClipsCsv, "wavname,content,artefact",
            clips.Select(c => new[] { c.WavName, c.Content, Csv.Num(c.Artefact) }));
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
        return new CaptionItem(id, split, relateSplit, truth, described, caption, noisy,
                               rng.Uniform(scale.MinSeconds, scale.MaxSeconds));
    }

    /// <summary>Each pair is dealt <see cref="WorldScale.RatingsPerPair"/> times from shuffled decks, cut into sessions
    /// of <see cref="WorldScale.PairsPerSession"/> (a repeat inside one session is dropped), plus three anchors each:
    /// a natural clip with the caption of a clip sharing none of its sound classes.</summary>
    private static (List<SimulatedListener>, List<List<Pair>>) BuildSessions(
        WorldScale scale, int seed, List<Pair> pairs, List<CaptionItem> captions)
    {
        var rng = Seeds.For(seed, "sessions", 0);
        var deck = Enumerable.Range(0, scale.RatingsPerPair).SelectMany(_ => pairs.OrderBy(_ => rng.Next())).ToList();
        var listeners = new List<SimulatedListener>();
        var sessions = new List<List<Pair>>();
        for (int start = 0; start < deck.Count; start += scale.PairsPerSession)
        {
            int l = listeners.Count;
            listeners.Add(SimulatedListener.Sample(l.ToString("D4"), scale.CarelessShare,
                                                   Seeds.For(seed, "listener", l)));
            var session = deck.Skip(start).Take(scale.PairsPerSession).DistinctBy(p => (p.WavName, p.Text)).ToList();
            for (int a = 0; a < AnchorsPerSession; a++) session.Add(AnchorPair(captions, rng));
            sessions.Add(session);
        }
        return (listeners, sessions);
    }

    private static Pair AnchorPair(List<CaptionItem> captions, Random rng)
    {
        var audio = rng.Pick(captions);
        var classes = audio.Truth.Events.Select(e => e.Class).Append(audio.Truth.Background?.Class).ToHashSet();
        var text = captions[0];
        for (int tries = 0; tries < 50; tries++)
        {
            text = rng.Pick(captions);
            if (text.Truth.Events.All(e => !classes.Contains(e.Class))) break;
        }
        return new Pair(audio.NaturalWavName, text.Caption, Relevance.Score(audio.Truth, text.Described), Anchor,
                        Natural, audio);
    }

    private static string[] ListenerAttributes(string id, Random rng)
    {
        string[] countries = ["United Kingdom", "United States", "Canada", "Australia", "Ireland"];
        var home = rng.Pick(countries);
        return [id, $"{rng.Next(1, 7)}", $"{rng.Next(1, 4)}", home, home,
                rng.NextDouble() < 0.9 ? home : rng.Pick(countries), $"{rng.Next(1, 4)}", $"{rng.Next(1, 5)}",
                $"{rng.Next(1, 6)}", $"{rng.Next(1, 4)}", $"{rng.Next(1, 3)}", $"{rng.Next(1, 4)}",
                $"{rng.Next(1, 3)}"];
    }

    /// <summary>Compact text of a clip's true content, e.g. "beep(high,loud,fast) then hum(low,quiet) | bg rain".
    /// </summary>
    internal static string Describe(Scene s)
    {
        static string One(SoundEvent e) =>
            $"{e.Class}({string.Join(',', new object?[] { e.Pitch, e.Loudness, e.Speed }
                .Where(x => x is not null).Select(x => x!.ToString()!.ToLowerInvariant()))})";
        var parts = s.Events.Select((e, i) =>
            (i == 0 ? "" : s.Links[i - 1] == Link.Then ? " then " : " while ") + One(e));
        return string.Concat(parts) + (s.Background is { } b ? $" | bg {b.Class}" : "");
    }
}
