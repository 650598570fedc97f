using HumanClap.Scoring;
using HumanClap.Tests.Support;
using static TorchSharp.torch;

namespace HumanClap.Tests.Scoring;

/// <summary>Issue 13, item 3: the files of the next batch are decoded while the current batch is encoded, with the
/// same results as one after the other; a failure or an early stop ends the background decoding.</summary>
public sealed class DecodeAheadTests
{
    private static string Checkpoint => Fixtures.Checkpoint("tiny_unfused");
    private static readonly string[] ClipNames =
        ["knocks_4s.wav", "beeps_10s.wav", "chirp_noise_7s.wav", "click_0p8s.wav"];
    private static List<(string, string)> Pairs() =>
        ClipNames.Select((n, i) => (Path.Combine(Checkpoint, n), $"sound number {i}")).ToList();

    /// <summary>Signals each decode; its first audio batch waits (bounded) until a later file is being decoded.
    /// </summary>
    private sealed class OverlapProbe(IAudioTextEmbedder inner, Func<string, Exception?>? failOn = null)
        : DelegatingEmbedder(inner)
    {
        public readonly ManualResetEventSlim SecondDecodeStarted = new();
        public bool DecodedWhileEncoding;
        public int Decodes;
        private int _batches;

        public override float[] LoadAudio(string path)
        {
            if (Interlocked.Increment(ref Decodes) == 2) SecondDecodeStarted.Set();
            if (failOn?.Invoke(path) is { } error) throw error;
            return base.LoadAudio(path);
        }

        public override Tensor EmbedAudio(IReadOnlyList<float[]> waveforms)
        {
            if (Interlocked.Increment(ref _batches) == 1)
                DecodedWhileEncoding = SecondDecodeStarted.Wait(TimeSpan.FromSeconds(30));
            return base.EmbedAudio(waveforms);
        }
    }

    private static (ClapScorer, OverlapProbe) Scorer(Func<string, Exception?>? failOn = null)
    {
        var probe = new OverlapProbe(ClapScorer.FromPretrained(Checkpoint).Embedder, failOn);
        return (new ClapScorer(probe), probe);
    }

    [Fact]
    public void NextBatchIsDecodedWhileThisOneIsEncodedWithTheSameScores()
    {
        var (scorer, probe) = Scorer();
        using var _ = scorer;
        var scored = scorer.ScoreFiles(Pairs(), batchSize: 1);
        Assert.True(probe.DecodedWhileEncoding, "the second file was not decoded while the first batch was encoded");

        using var sequential = ClapScorer.FromPretrained(Checkpoint);
        var one = Pairs().Select(p => sequential.ScoreFiles([p], batchSize: 1)[0].Cosine).ToList();
        Assert.Equal(one, scored.Select(s => s.Cosine));
        Assert.Equal(4, probe.Decodes);
    }

    [Fact]
    public void AnUnexpectedDecoderFailureReachesTheCallerAfterTheRowsBeforeIt()
    {
        var bad = Path.Combine(Checkpoint, ClipNames[2]);
        var (scorer, _) = Scorer(path => path == bad ? new InvalidOperationException("decoder bug") : null);
        using var __ = scorer;
        var rows = new List<ScoredPair>();
        var e = Assert.Throws<InvalidOperationException>(() =>
        {
            foreach (var row in scorer.ScoreStream(Pairs(), batchSize: 1)) rows.Add(row);
        });
        Assert.Equal("decoder bug", e.Message);
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.True(r.Ok));
    }

    [Fact]
    public void StoppingAfterTheFirstRowStopsDecoding()
    {
        var (scorer, probe) = Scorer();
        using var _ = scorer;
        // 4 real clips, then 36 more files, each a batch of its own (missing files are cheap "decodes").
        var many = Enumerable.Range(0, 40).Select(i =>
            (i < 4 ? Path.Combine(Checkpoint, ClipNames[i]) : Path.Combine(Checkpoint, $"missing_{i}.wav"), $"t {i}"))
            .ToList();
        var first = scorer.ScoreStream(many, batchSize: 1).First();
        Assert.True(first.Ok);
        int afterStop = Volatile.Read(ref probe.Decodes);
        Thread.Sleep(300);
        Assert.Equal(afterStop, Volatile.Read(ref probe.Decodes));
        Assert.InRange(afterStop, 1, 4);
    }
}
