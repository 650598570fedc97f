namespace HumanClap.Synthetic;

/// <summary>
/// True relevance in 0..1 of a clip (its actual content) to a caption (its described content); hidden from
/// training, used only by the simulated listeners.
/// <code>
/// relevance = clamp( coverage − 0.15·extra − 0.2·misordered − 0.1·overlapConfused − 0.3·artefact , 0, 1)
/// coverage  = weighted mean over described events of match(d): 0 if no actual event of d's class,
///             else 0.6^(stated attributes that are wrong); the background counts half
/// extra     = actual foreground events the caption does not mention
/// misordered= share of stated "then" links whose two events sound in the other order
/// </code>
/// </summary>
internal static class Relevance
{
    public static double Score(Scene actual, Scene described, double artefactSeverity = 0)
    {
        var matchIndex = new int[described.Events.Count];
        double got = 0, total = 0;
        for (int d = 0; d < described.Events.Count; d++)
        {
            var want = described.Events[d];
            int found = actual.Events.ToList().FindIndex(a => a.Class == want.Class);
            matchIndex[d] = found;
            total += 1;
            got += found < 0 ? 0 : AttributeMatch(actual.Events[found], want);
        }
        if (described.Background is { } bg)
        {
            total += 0.5;
            var hit = actual.Background?.Class == bg.Class ? actual.Background
                    : actual.Events.FirstOrDefault(a => a.Class == bg.Class);
            got += hit is null ? 0 : 0.5;
        }
        double coverage = got / total;

        int extra = actual.Events.Count(a => described.Events.All(d => d.Class != a.Class)
                                             && described.Background?.Class != a.Class);

        var segmentOf = SegmentIndex(actual);
        int thenLinks = 0, misordered = 0, confused = 0;
        if (described.OrderStated)
            for (int d = 0; d + 1 < described.Events.Count; d++)
            {
                int a = matchIndex[d], b = matchIndex[d + 1];
                if (a < 0 || b < 0) continue;
                if (described.Links[d] == Link.Then)
                {
                    thenLinks++;
                    if (segmentOf[a] > segmentOf[b]) misordered++;
                    else if (segmentOf[a] == segmentOf[b]) confused++;
                }
                else if (segmentOf[a] != segmentOf[b]) confused++;
            }
        double order = thenLinks == 0 ? 0 : (double)misordered / thenLinks;
        double score = coverage - 0.15 * extra - 0.2 * order - 0.1 * confused
                       - 0.3 * Math.Clamp(artefactSeverity, 0, 1);
        return Math.Clamp(score, 0, 1);
    }

    private static double AttributeMatch(SoundEvent actual, SoundEvent want)
    {
        int wrong = 0;
        if (want.Pitch is { } p && actual.Pitch != p) wrong++;
        if (want.Loudness is { } l && actual.Loudness != l) wrong++;
        if (want.Speed is { } s && actual.Speed != s) wrong++;
        return Math.Pow(0.6, wrong);
    }

    private static int[] SegmentIndex(Scene s)
    {
        var index = new int[s.Events.Count];
        var segments = s.Segments();
        for (int k = 0; k < segments.Count; k++) foreach (int e in segments[k]) index[e] = k;
        return index;
    }
}
