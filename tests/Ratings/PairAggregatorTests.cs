using HumanClap.Ratings;

namespace HumanClap.Tests.Ratings;

public class PairAggregatorTests
{
    private static Rating R(string listener, string wav, string text, int score, string relate = "train",
        string caps = "train", string system = "natural") =>
        new(listener, wav, text, score, false, system, caps, relate, 0);

    [Fact]
    public void Mean_sample_std_count_and_rescaled_mean_per_pair()
    {
        var pairs = PairAggregator.Aggregate([
            R("a", "/w/2.wav", "x", 2), R("b", "/w/2.wav", "x", 4), R("c", "/w/2.wav", "x", 9, relate: "excluded"),
            R("a", "/w/1.wav", "y", 6, relate: "test", caps: "test", system: "tango"),   // rated once
        ]);
        Assert.Equal(["/w/1.wav", "/w/2.wav"], pairs.Select(p => p.WavName));   // ordered by wav
        var once = pairs[0];
        Assert.Equal((6.0, 0.0, 1, 0.6, "tango", "test", "test"),
            (once.Mean, once.Std, once.Count, once.Mean01, once.System, once.AudioCapsSplit, once.RelateSplit));
        var three = pairs[1];
        Assert.Equal(5.0, three.Mean, 12);
        Assert.Equal(Math.Sqrt(13.0), three.Std, 12);   // deviations −3, −1, 4: (9+1+16)/(3−1) = 13
        Assert.Equal(3, three.Count);
        Assert.Equal("train", three.RelateSplit);        // the excluded single rating does not decide the pair's split
    }

    [Fact]
    public void Same_wav_with_different_text_is_a_different_pair()
    {
        var pairs = PairAggregator.Aggregate([R("a", "/w/1.wav", "x", 2), R("a", "/w/1.wav", "y", 8)]);
        Assert.Equal(2, pairs.Count);
    }
}
