namespace HumanClap.Synthetic;

internal enum Pitch { Low, High }
internal enum Loudness { Quiet, Loud }
internal enum Speed { Slow, Fast }

/// <summary>
/// How an event relates to the next one: after it ("followed by", "then") or at the same time ("while").
/// </summary>
internal enum Link { Then, While }

/// <summary>One sound event. In a clip's true content every applicable attribute is set (pitch only for tonal
/// classes, speed only for repeating ones); in a caption's described content a null attribute was not stated.</summary>
internal sealed record SoundEvent(string Class, Pitch? Pitch, Loudness? Loudness, Speed? Speed);

/// <summary>Content of a clip or of a caption: events in order, the link from each event to the next
/// (<c>Links.Count == Events.Count - 1</c>), and an optional background texture spanning the clip.
/// <paramref name="OrderStated"/> is false when a caption says "and" instead of an order.</summary>
internal sealed record Scene(IReadOnlyList<SoundEvent> Events, IReadOnlyList<Link> Links, SoundEvent? Background,
                           bool OrderStated = true)
{
    public Scene Validated()
    {
        if (Events.Count == 0) throw new ArgumentException("a scene needs at least one event");
        if (Links.Count != Events.Count - 1)
            throw new ArgumentException($"{Events.Count} events need {Events.Count - 1} links, got {Links.Count}");
        return this;
    }

    /// <summary>
    /// Events grouped into time segments: a <see cref="Link.While"/> keeps the next event in the same segment.
    /// </summary>
    public List<List<int>> Segments()
    {
        var segments = new List<List<int>> { new() { 0 } };
        for (int i = 1; i < Events.Count; i++)
        {
            if (Links[i - 1] == Link.Then) segments.Add(new List<int>());
            segments[^1].Add(i);
        }
        return segments;
    }
}

/// <summary>Where one event sounds in a rendered clip, in seconds.</summary>
internal sealed record EventSpan(string Class, double Onset, double Offset, bool IsBackground);

/// <summary>A rendered clip: 16 kHz mono samples, the spans of its events, and its true content.</summary>
internal sealed record RenderedClip(float[] Samples, IReadOnlyList<EventSpan> Spans, Scene Content,
                                  double ArtefactSeverity);
