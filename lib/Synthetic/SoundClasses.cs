namespace HumanClap.Synthetic;

/// <summary>A procedurally synthesised sound class. <see cref="LowHz"/>/<see cref="HighHz"/> are the base frequencies
/// of its low and high variants (tonal classes only); <see cref="Nouns"/> are caption phrasings ("a |beep": article,
/// bar, noun); <see cref="Vague"/> is what a careless web caption calls it.</summary>
internal sealed record SoundClass(string Name, bool Tonal, bool Repeating, double LowHz, double HighHz,
                                string[] Nouns, string Vague, SoundClass.Renderer Render)
{
    /// <summary>
    /// Adds the event into <paramref name="dest"/> (16 kHz) at unit peak-ish level; the caller scales loudness.
    /// </summary>
    public delegate void Renderer(Span<float> dest, double hz, double ratePerSecond, Random rng);
}

/// <summary>
/// The catalogue of 18 classes. Every generator is a few lines of oscillators, decays and filtered noise.
/// </summary>
internal static class SoundClasses
{
    public const int SampleRate = 16_000;

    public static IReadOnlyList<SoundClass> All { get; } =
    [
        new("beep", true, true, 400, 2200, ["a |beep", "|beeping", "an electronic |beep"], "an electronic sound",
            (d, hz, rate, r) => Bursts(d, rate, 0.5, (t, _) => Math.Sin(2 * Math.PI * hz * t))),
        new("siren", true, false, 450, 1300, ["a |siren", "a |siren wailing", "an emergency |siren"], "a vehicle",
            (d, hz, _, r) => Sweep(d, hz, 0.35, r.Uniform(0.3, 0.6))),
        new("engine", true, false, 45, 160, ["an |engine running", "an |engine idling", "a |motor humming"],
            "a machine",
            (d, hz, _, r) => Engine(d, hz, r)),
        new("hum", true, false, 70, 600, ["a |hum", "an electrical |hum", "a |droning"], "a noise",
            (d, hz, _, r) => Continuous(d, t => Math.Sin(2 * Math.PI * hz * t) + 0.3 * Math.Sin(4 * Math.PI * hz * t))),
        new("knock", false, true, 0, 0, ["|knocking", "a |knock on a door", "|knocks"], "some tapping",
            (d, _, rate, r) => Hits(d, rate, 0.06, 0.15, r)),
        new("click", false, true, 0, 0, ["|clicking", "a |click", "mechanical |clicks"], "some tapping",
            (d, _, rate, r) => Hits(d, rate, 0.004, 0.9, r)),
        new("rain", false, false, 0, 0, ["|rain falling", "|rain", "a |downpour"], "some noise",
            (d, _, _, r) => Rain(d, r)),
        new("wind", false, false, 0, 0, ["|wind blowing", "|wind", "a |gust of wind"], "some noise",
            (d, _, _, r) => Wind(d, r)),
        new("bell", true, true, 500, 1500, ["a |bell ringing", "a |bell", "a |chime"], "a ringing",
            (d, hz, rate, r) => Bursts(d, rate, 0.9, (t, _) => Bell(hz, t))),
        new("buzzer", true, false, 110, 440, ["a |buzzer", "a |buzzing", "an |alarm buzzer"], "an electronic sound",
            (d, hz, _, r) => Continuous(d, t => Math.Sign(Math.Sin(2 * Math.PI * hz * t)) * 0.6)),
        new("chirp", true, true, 1500, 4000, ["a |bird chirping", "|birds chirping", "|chirping"], "an animal",
            (d, hz, rate, r) => Bursts(d, rate, 0.35,
                (t, len) => Math.Sin(2 * Math.PI * hz * (t + 0.8 * t * t / (2 * len))))),
        new("drum", false, true, 0, 0, ["a |drum", "|drumming", "a |drum beating"], "some music",
            (d, _, rate, r) => Bursts(d, rate, 0.5,
                (t, _) => Math.Sin(2 * Math.PI * (60 * t + 40 * (1 - Math.Exp(-t * 30)) / 30)) * Math.Exp(-t * 12))),
        new("whistle", true, false, 800, 2500, ["a |whistle", "a |whistling", "a |whistle blowing"], "a person",
            (d, hz, _, r) => Continuous(d, t => Math.Sin(2 * Math.PI * hz * t + 3 * Math.Sin(2 * Math.PI * 5 * t)))),
        new("alarm", true, true, 600, 1800, ["an |alarm", "an |alarm ringing", "a |warning alarm"],
            "an electronic sound",
            (d, hz, rate, r) => Bursts(d, rate, 0.5,
                (t, len) => Math.Sin(2 * Math.PI * hz * (t < len / 2 ? 1 : 1.26) * t))),
        new("footsteps", false, true, 0, 0, ["|footsteps", "|steps", "|footsteps on a floor"], "a person",
            (d, _, rate, r) => Hits(d, rate, 0.08, 0.05, r)),
        new("drip", true, true, 700, 2000, ["|water dripping", "a |drip", "|dripping"], "some water",
            (d, hz, rate, r) => Bursts(d, rate, 0.15,
                (t, len) => Math.Sin(2 * Math.PI * hz * (1 + t / len) * t) * Math.Exp(-t * 40))),
        new("crackle", false, false, 0, 0, ["|static crackling", "a |crackle", "|radio static"], "some noise",
            (d, _, _, r) => Crackle(d, r)),
        new("tick", false, true, 0, 0, ["a |ticking clock", "|ticking", "a |clock ticking"], "some tapping",
            (d, _, rate, r) => Hits(d, rate, 0.002, 1.0, r)),
    ];

    private static readonly Dictionary<string, SoundClass> ByName = All.ToDictionary(c => c.Name);

    public static SoundClass Get(string name) =>
        ByName.TryGetValue(name, out var c)
            ? c
            : throw new ArgumentException($"unknown sound class '{name}'", nameof(name));

    /// <summary>Events repeating at <paramref name="rate"/> per second, each lasting a share of the period.</summary>
    private static void Bursts(Span<float> d, double rate, double dutyCycle, Func<double, double, double> wave)
    {
        int period = Math.Max(1, (int)(SampleRate / rate));
        int len = Math.Max(1, (int)(period * dutyCycle));
        double lenSeconds = (double)len / SampleRate;
        for (int start = 0; start < d.Length; start += period)
            for (int i = 0; i < len && start + i < d.Length; i++)
            {
                double t = (double)i / SampleRate;
                d[start + i] += (float)(wave(t, lenSeconds) * Fade(i, len));
            }
    }

    /// <summary>
    /// Decaying noise hits; <paramref name="brightness"/> 0..1 is how much high frequency passes the one-pole filter.
    /// </summary>
    private static void Hits(Span<float> d, double rate, double decaySeconds, double brightness, Random r)
    {
        int period = Math.Max(1, (int)(SampleRate / rate));
        int len = Math.Min(period, (int)(decaySeconds * 5 * SampleRate) + 1);
        double lp = 0;
        for (int start = 0; start < d.Length; start += period)
            for (int i = 0; i < len && start + i < d.Length; i++)
            {
                lp += brightness * (r.Uniform(-1, 1) - lp);
                d[start + i] += (float)(lp / Math.Sqrt(brightness) * Math.Exp(-(double)i / SampleRate / decaySeconds));
            }
    }

    private static void Continuous(Span<float> d, Func<double, double> wave)
    {
        for (int i = 0; i < d.Length; i++) d[i] += (float)(wave((double)i / SampleRate) * Fade(i, d.Length));
    }

    private static void Sweep(Span<float> d, double hz, double depth, double cyclesPerSecond)
    {
        double phase = 0;
        for (int i = 0; i < d.Length; i++)
        {
            double f = hz * (1 + depth * Math.Sin(2 * Math.PI * cyclesPerSecond * i / SampleRate));
            phase += 2 * Math.PI * f / SampleRate;
            d[i] += (float)(Math.Sin(phase) * Fade(i, d.Length));
        }
    }

    private static void Engine(Span<float> d, double hz, Random r)
    {
        double wobble = r.Uniform(4, 9);
        Continuous(d, t =>
        {
            double s = 0;
            for (int k = 1; k <= 6; k++) s += Math.Sin(2 * Math.PI * hz * k * t) / k;
            return 0.6 * s * (0.8 + 0.2 * Math.Sin(2 * Math.PI * wobble * t));
        });
    }

    private static double Bell(double hz, double t)
    {
        double s = 0;
        double[] ratios = [1, 2.76, 5.4];
        foreach (var k in ratios) s += Math.Sin(2 * Math.PI * hz * k * t) / k;
        return 0.7 * s * Math.Exp(-t * 6);
    }

    private static void Rain(Span<float> d, Random r)
    {
        double hp = 0, prev = 0;
        for (int i = 0; i < d.Length; i++)
        {
            double x = r.Uniform(-1, 1);
            hp = 0.7 * (hp + x - prev); // high-passed hiss
            prev = x;
            double drop = r.NextDouble() < 0.002 ? r.Uniform(-1, 1) : 0;
            d[i] += (float)((0.35 * hp + drop) * Fade(i, d.Length));
        }
    }

    private static void Wind(Span<float> d, Random r)
    {
        double lp = 0, gust = r.Uniform(0.2, 0.6);
        for (int i = 0; i < d.Length; i++)
        {
            lp += 0.02 * (r.Uniform(-1, 1) - lp);
            double env = 0.6 + 0.4 * Math.Sin(2 * Math.PI * gust * i / SampleRate);
            d[i] += (float)(6 * lp * env * Fade(i, d.Length));
        }
    }

    private static void Crackle(Span<float> d, Random r)
    {
        for (int i = 0; i < d.Length; i++)
            d[i] += (float)((0.08 * r.Uniform(-1, 1) + (r.NextDouble() < 0.01 ? r.Uniform(-1, 1) : 0))
                            * Fade(i, d.Length));
    }

    /// <summary>10 ms raised-cosine ramps so events do not start or stop with a click.</summary>
    private static double Fade(int i, int length)
    {
        int ramp = Math.Min(160, length / 2);
        if (ramp == 0) return 1;
        if (i < ramp) return 0.5 - 0.5 * Math.Cos(Math.PI * i / ramp);
        if (i >= length - ramp) return 0.5 - 0.5 * Math.Cos(Math.PI * (length - 1 - i) / ramp);
        return 1;
    }
}
