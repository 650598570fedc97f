using System.Text;

namespace HumanClap.Synthetic;

/// <summary>
/// Random true scenes: 1..3 distinct events, sequential or overlapping, sometimes over a background texture.
/// </summary>
internal static class SceneFactory
{
    public static readonly string[] BackgroundClasses = ["rain", "wind", "crackle", "hum"];

    public static Scene Random(Random rng)
    {
        double u = rng.NextDouble();
        int n = u < 0.3 ? 1 : u < 0.75 ? 2 : 3;
        var classes = SoundClasses.All.OrderBy(_ => rng.Next()).Take(n).ToList();
        var events = classes.Select(c => RandomEvent(c, rng)).ToList();
        var links = Enumerable.Range(0, n - 1).Select(_ => rng.NextDouble() < 0.65 ? Link.Then : Link.While).ToList();
        SoundEvent? background = null;
        if (rng.NextDouble() < 0.3)
        {
            var free = BackgroundClasses.Where(b => classes.All(c => c.Name != b)).ToList();
            var cls = SoundClasses.Get(rng.Pick(free));
            background = new SoundEvent(cls.Name, cls.Tonal ? Pitch.Low : null, Loudness.Quiet, null);
        }
        return new Scene(events, links, background).Validated();
    }

    public static SoundEvent RandomEvent(SoundClass c, Random rng) => new(c.Name,
        c.Tonal ? (rng.Next(2) == 0 ? Pitch.Low : Pitch.High) : null,
        rng.Next(2) == 0 ? Loudness.Quiet : Loudness.Loud,
        c.Repeating ? (rng.Next(2) == 0 ? Speed.Slow : Speed.Fast) : null);
}

/// <summary>Turns described content into AudioCaps-like text, and makes web-like noisy variants of it.</summary>
internal static class CaptionWriter
{
    private static readonly Dictionary<Pitch, string[]> PitchWords = new()
        { [Pitch.High] = ["high-pitched", "high", "shrill"], [Pitch.Low] = ["low-pitched", "low", "deep"] };
    private static readonly Dictionary<Loudness, string[]> LoudWords = new()
        { [Loudness.Loud] = ["loud", "strong", "booming"], [Loudness.Quiet] = ["quiet", "faint", "soft"] };
    private static readonly Dictionary<Speed, string[]> SpeedWords = new()
        { [Speed.Fast] = ["rapid", "fast", "quick"], [Speed.Slow] = ["slow", "steady slow", "unhurried"] };
    private static readonly string[] ThenWords = [" followed by ", " then ", ", then "];
    private static readonly string[] WhileWords = [" while ", " as ", " together with "];

    /// <summary>A reference caption: states each applicable attribute of each event with probability 1/2; like a human
    /// annotator it misses one of several events 10% of the time, so natural clips are not all perfectly relevant.
    /// </summary>
    public static Scene Describe(Scene truth, Random rng)
    {
        if (truth.Events.Count >= 2 && rng.NextDouble() < 0.1)
        {
            int drop = rng.Next(truth.Events.Count);
            var events = truth.Events.Where((_, i) => i != drop).ToList();
            var links = truth.Links.Where((_, i) => i != Math.Min(drop, truth.Links.Count - 1)).ToList();
            return Describe(truth with { Events = events, Links = links }, rng);
        }
        SoundEvent Some(SoundEvent e) => new(e.Class,
            e.Pitch is not null && rng.NextDouble() < 0.5 ? e.Pitch : null,
            rng.NextDouble() < 0.5 ? e.Loudness : null,
            e.Speed is not null && rng.NextDouble() < 0.5 ? e.Speed : null);
        return truth with
        {
            Events = truth.Events.Select(Some).ToList(),
            Background = truth.Background is { } b ? b with { Loudness = null, Pitch = null } : null,
        };
    }

    /// <summary>
    /// Writes the text of described content; events in <paramref name="vague"/> are named by their vague word.
    /// </summary>
    public static string Write(Scene described, Random rng, ISet<int>? vague = null)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < described.Events.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(!described.OrderStated ? " and "
                          : described.Links[i - 1] == Link.Then ? rng.Pick(ThenWords)
                          : rng.Pick(WhileWords));
            }
            sb.Append(vague?.Contains(i) == true
                ? SoundClasses.Get(described.Events[i].Class).Vague
                : Phrase(described.Events[i], rng));
        }
        if (described.Background is { } bg) sb.Append(" with ").Append(Phrase(bg, rng)).Append(" in the background");
        var text = sb.ToString();
        return char.ToUpperInvariant(text[0]) + text[1..];
    }

    /// <summary>"a loud rapid high-pitched beep": article, stated attributes, then the class's noun phrase.</summary>
    public static string Phrase(SoundEvent e, Random rng)
    {
        var template = rng.Pick(SoundClasses.Get(e.Class).Nouns).Split('|');
        var words = new List<string>();
        if (e.Loudness is { } l) words.Add(rng.Pick(LoudWords[l]));
        if (e.Speed is { } s) words.Add(rng.Pick(SpeedWords[s]));
        if (e.Pitch is { } p) words.Add(rng.Pick(PitchWords[p]));
        words.Add(template[1]);
        var body = string.Join(' ', words);
        var article = template[0].Trim();
        if (article is "a" or "an") article = "aeiou".Contains(body[0]) ? "an" : "a";
        return article.Length == 0 ? body : $"{article} {body}";
    }

    /// <summary>A web-like caption: from the reference description, maybe omit an event, state an attribute wrongly,
    /// name an event vaguely, or drop the order, each at its <see cref="CaptionNoise"/> rate. Written with the
    /// reference caption's <paramref name="phrasingSeed"/>, so an unchanged description gives the reference text
    /// itself.</summary>
    public static string Noisy(Scene truth, Scene described, CaptionNoise noise, Random rng, int phrasingSeed)
    {
        var events = described.Events.ToList();
        var links = described.Links.ToList();
        var background = described.Background;
        if (rng.NextDouble() < noise.OmitEventRate)
        {
            if (events.Count >= 2)
            {
                int drop = rng.Next(events.Count);
                events.RemoveAt(drop);
                links.RemoveAt(Math.Min(drop, links.Count - 1));
            }
            else background = null;
        }
        if (rng.NextDouble() < noise.WrongAttributeRate)
        {
            int i = rng.Next(events.Count);
            var t = truth.Events.First(x => x.Class == events[i].Class);
            events[i] = rng.Next(3) switch
            {
                0 when t.Pitch is { } p => events[i] with { Pitch = p == Pitch.High ? Pitch.Low : Pitch.High },
                1 when t.Speed is { } s => events[i] with { Speed = s == Speed.Fast ? Speed.Slow : Speed.Fast },
                _ => events[i] with { Loudness = t.Loudness == Loudness.Loud ? Loudness.Quiet : Loudness.Loud },
            };
        }
        var vague = new HashSet<int>();
        if (rng.NextDouble() < noise.VagueRate) vague.Add(rng.Next(events.Count));
        bool orderStated = described.OrderStated && !(rng.NextDouble() < noise.DropOrderRate);
        return Write(new Scene(events, links, background, orderStated), new Random(phrasingSeed), vague);
    }
}
