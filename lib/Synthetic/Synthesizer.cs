namespace HumanClap.Synthetic;

/// <summary>Renders a scene's true content to 16 kHz mono audio. Sequential segments are separated by silence, so
/// "silence where nothing plays" holds whenever there is no background.</summary>
internal static class Synthesizer
{
    public const double LoudLevel = 0.5, QuietLevel = 0.1, BackgroundLevel = 0.05;

    public static RenderedClip Render(Scene scene, double seconds, Random rng)
    {
        scene.Validated();
        if (seconds < 0.5) throw new ArgumentOutOfRangeException(nameof(seconds), "clips must be at least 0.5 s long");
        int sr = SoundClasses.SampleRate;
        var samples = new float[(int)(seconds * sr)];
        var spans = new List<EventSpan>();

        var segments = scene.Segments();
        double lead = rng.Uniform(0.1, 0.25), tail = 0.1;
        var gaps = Enumerable.Range(0, segments.Count - 1).Select(_ => rng.Uniform(0.15, 0.3)).ToArray();
        double available = seconds - lead - tail - gaps.Sum();
        var weights = segments.Select(_ => rng.Uniform(0.8, 1.2)).ToArray();
        double t = lead;
        for (int s = 0; s < segments.Count; s++)
        {
            double length = available * weights[s] / weights.Sum();
            foreach (int e in segments[s])
            {
                double onset = t + (e == segments[s][0] ? 0 : rng.Uniform(0, 0.1) * length);
                AddEvent(samples, scene.Events[e], onset, t + length, Level(scene.Events[e], rng), rng);
                spans.Add(new EventSpan(scene.Events[e].Class, onset, t + length, false));
            }
            t += length + (s < gaps.Length ? gaps[s] : 0);
        }
        if (scene.Background is { } bg)
        {
            AddEvent(samples, bg, 0, seconds, BackgroundLevel * rng.Uniform(0.8, 1.2), rng);
            spans.Add(new EventSpan(bg.Class, 0, seconds, true));
        }
        return new RenderedClip(samples, spans, scene, 0);
    }

    private static double Level(SoundEvent e, Random rng) =>
        (e.Loudness == Loudness.Loud ? LoudLevel : QuietLevel) * rng.Uniform(0.85, 1.15);

    /// <summary>
    /// Renders one event alone, normalises its peak to 1, then mixes it in at <paramref name="level"/>.
    /// </summary>
    private static void AddEvent(float[] dest, SoundEvent e, double onset, double offset, double level, Random rng)
    {
        var cls = SoundClasses.Get(e.Class);
        int start = (int)(onset * SoundClasses.SampleRate),
            end = Math.Min(dest.Length, (int)(offset * SoundClasses.SampleRate));
        if (end <= start) return;
        var buffer = new float[end - start];
        double hz = cls.Tonal ? (e.Pitch == Pitch.High ? cls.HighHz : cls.LowHz) * rng.Uniform(0.92, 1.08) : 0;
        double rate = e.Speed == Speed.Fast ? rng.Uniform(5, 7) : rng.Uniform(1.5, 2.5);
        cls.Render(buffer, hz, rate, rng);
        float peak = buffer.Max(Math.Abs);
        if (peak <= 0) return;
        for (int i = 0; i < buffer.Length; i++) dest[start + i] += (float)(buffer[i] / peak * level);
    }
}
