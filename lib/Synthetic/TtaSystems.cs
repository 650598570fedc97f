namespace HumanClap.Synthetic;

/// <summary>
/// The four systems, named after RELATE's. Overall quality: audioldm &lt; audioldm2 &lt; tango &lt; tango2.
/// </summary>
internal static class TtaSystems
{
    public static IReadOnlyList<SystemProfile> All { get; } =
    [
        // Oldest: loses and swaps events, noisy and muffled.
        new("audioldm", "audioldm", Drop: 0.30, Substitute: 0.20, WrongAttribute: 0.30, SwapOrder: 0.35,
            ConfuseOverlap: 0.30, Spurious: 0.25, ArtefactRate: 0.6, MaxArtefact: 0.8, Truncate: 0.10),
        // Better events, still weak on attributes, fewer artefacts.
        new("audioldm2", "audioldm", 0.18, 0.12, 0.30, 0.30, 0.25, 0.15, 0.35, 0.6, 0.05),
        // Rarely drops events but often gets the order wrong and truncates.
        new("tango", "tango", 0.10, 0.08, 0.20, 0.45, 0.35, 0.10, 0.25, 0.5, 0.15),
        // Best: small errors of every kind.
        new("tango2", "tango", 0.06, 0.05, 0.12, 0.15, 0.15, 0.05, 0.15, 0.4, 0.05),
    ];

    public static SystemProfile Get(string name) => All.FirstOrDefault(s => s.Name == name)
        ?? throw new ArgumentException($"unknown system '{name}'", nameof(name));

    /// <summary>Renders a caption's described content as this system would: unstated attributes are chosen at random,
    /// errors follow the profile. The returned clip's <see cref="RenderedClip.Content"/> is what actually sounds.
    /// </summary>
    public static RenderedClip Render(SystemProfile p, Scene described, double seconds, Random rng)
    {
        var events = new List<SoundEvent>();
        var links = new List<Link>();
        for (int i = 0; i < described.Events.Count; i++)
        {
            if (rng.NextDouble() < p.Drop && described.Events.Count > 1
                && events.Count + (described.Events.Count - i) > 1)
                continue;
            var cls = SoundClasses.Get(described.Events[i].Class);
            if (rng.NextDouble() < p.Substitute)
                cls = rng.Pick(SoundClasses.All.Where(c => c.Name != cls.Name).ToList());
            var e = Complete(described.Events[i] with { Class = cls.Name }, cls, rng);
            if (rng.NextDouble() < p.WrongAttribute) e = FlipOne(e, rng);
            if (events.Count > 0) links.Add(i > 0 ? described.Links[i - 1] : Link.Then);
            events.Add(e);
        }
        for (int i = 0; i < links.Count; i++)
            if (rng.NextDouble() < p.ConfuseOverlap) links[i] = links[i] == Link.Then ? Link.While : Link.Then;
        if (events.Count >= 2 && rng.NextDouble() < p.SwapOrder)
        {
            int a = rng.Next(events.Count - 1);
            (events[a], events[a + 1]) = (events[a + 1], events[a]);
        }
        if (rng.NextDouble() < p.Spurious)
        {
            var cls = rng.Pick(SoundClasses.All.Where(c => events.All(e => e.Class != c.Name)).ToList());
            links.Add(rng.NextDouble() < 0.5 ? Link.Then : Link.While);
            events.Add(SceneFactory.RandomEvent(cls, rng));
        }
        SoundEvent? background = described.Background is { } bg && rng.NextDouble() > p.Drop
            ? Complete(bg, SoundClasses.Get(bg.Class), rng) with { Loudness = Loudness.Quiet } : null;

        var clip = Synthesizer.Render(new Scene(events, links, background), seconds, rng);
        double severity = rng.NextDouble() < p.ArtefactRate ? rng.Uniform(0.2, 1.0) * p.MaxArtefact : 0;
        if (severity > 0) AddArtefacts(clip.Samples, severity, rng);
        if (rng.NextDouble() < p.Truncate) clip = Truncate(clip, rng.Uniform(0.4, 0.75) * seconds);
        return clip with { ArtefactSeverity = severity };
    }

    private static SoundEvent Complete(SoundEvent e, SoundClass cls, Random rng)
    {
        var r = SceneFactory.RandomEvent(cls, rng);
        return new SoundEvent(cls.Name, cls.Tonal ? e.Pitch ?? r.Pitch : null, e.Loudness ?? r.Loudness,
                              cls.Repeating ? e.Speed ?? r.Speed : null);
    }

    private static SoundEvent FlipOne(SoundEvent e, Random rng) => rng.Next(3) switch
    {
        0 when e.Pitch is { } x => e with { Pitch = x == Pitch.High ? Pitch.Low : Pitch.High },
        1 when e.Speed is { } x => e with { Speed = x == Speed.Fast ? Speed.Slow : Speed.Fast },
        _ => e with { Loudness = e.Loudness == Loudness.Loud ? Loudness.Quiet : Loudness.Loud },
    };

    /// <summary>Hiss and crackle in proportion to severity, and a one-pole low-pass that muffles the clip.</summary>
    private static void AddArtefacts(float[] x, double severity, Random rng)
    {
        double lp = 0, alpha = 1 - 0.8 * severity;
        for (int i = 0; i < x.Length; i++)
        {
            lp += alpha * (x[i] - lp);
            double crackle = rng.NextDouble() < 0.003 * severity ? rng.Uniform(-0.3, 0.3) : 0;
            x[i] = (float)(lp + 0.03 * severity * rng.Uniform(-1, 1) + crackle);
        }
    }

    /// <summary>
    /// Silence after <paramref name="cut"/> seconds; events that had not started by then no longer exist.
    /// </summary>
    private static RenderedClip Truncate(RenderedClip clip, double cut)
    {
        Array.Clear(clip.Samples, Math.Min(clip.Samples.Length, (int)(cut * SoundClasses.SampleRate)),
                    Math.Max(0, clip.Samples.Length - (int)(cut * SoundClasses.SampleRate)));
        var s = clip.Content;
        var spans = clip.Spans.Where(sp => !sp.IsBackground).ToList();
        var keep = Enumerable.Range(0, s.Events.Count).Where(i => spans[i].Onset < cut).ToList();
        if (keep.Count == 0) keep.Add(0);
        var events = keep.Select(i => s.Events[i]).ToList();
        var links = keep.Skip(1).Select(i => s.Links[i - 1]).ToList();
        var newSpans = clip.Spans.Where(sp => sp.Onset < cut)
            .Select(sp => sp with { Offset = Math.Min(sp.Offset, cut) })
            .ToList();
        return clip with { Content = new Scene(events, links, s.Background), Spans = newSpans };
    }
}
