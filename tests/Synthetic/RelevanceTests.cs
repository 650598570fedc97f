using HumanClap.Synthetic;

namespace HumanClap.Tests.Synthetic;

public class RelevanceTests
{
    private static readonly SoundEvent Beep = new("beep", Pitch.High, Loudness.Loud, Speed.Fast);
    private static readonly SoundEvent Engine = new("engine", Pitch.Low, Loudness.Quiet, null);
    private static readonly Scene Truth =
        new([Beep, Engine], [Link.Then], new SoundEvent("rain", null, Loudness.Quiet, null));

    [Fact]
    public void ExactBeatsDroppedEventBeatsUnrelated()
    {
        double exact = Relevance.Score(Truth, Truth);
        double dropped = Relevance.Score(new Scene([Beep], [], null), Truth);
        double unrelated = Relevance.Score(
            new Scene([new SoundEvent("bell", Pitch.Low, Loudness.Loud, Speed.Slow)], [], null), Truth);
        Assert.Equal(1.0, exact, 6);
        Assert.True(exact > dropped && dropped > unrelated, $"{exact} {dropped} {unrelated}");
        Assert.Equal(0.0, unrelated, 6);
    }

    [Fact]
    public void WrongAttributeWrongOrderAndArtefactsCost()
    {
        double exact = Relevance.Score(Truth, Truth);
        var lowBeep = Truth with { Events = [Beep with { Pitch = Pitch.Low }, Engine] };
        var swapped = Truth with { Events = [Engine, Beep] };
        Assert.True(Relevance.Score(lowBeep, Truth) < exact);
        Assert.True(Relevance.Score(swapped, Truth) < exact);
        Assert.True(Relevance.Score(Truth, Truth, artefactSeverity: 0.8) < exact);
        // An unstated attribute cannot be wrong.
        Assert.Equal(exact, Relevance.Score(lowBeep, Truth with { Events = [Beep with { Pitch = null }, Engine] }), 6);
        // Without a stated order, a swap costs nothing.
        Assert.Equal(exact, Relevance.Score(swapped, Truth with { OrderStated = false }), 6);
    }

    [Fact]
    public void SystemsDifferInQuality()
    {
        double Mean(string sys) => Enumerable.Range(0, 150).Average(i =>
        {
            var rng = new Random(i);
            var truth = SceneFactory.Random(rng);
            var described = CaptionWriter.Describe(truth, rng);
            var clip = TtaSystems.Render(TtaSystems.Get(sys), described, 2.0, rng);
            return Relevance.Score(clip.Content, described, clip.ArtefactSeverity);
        });
        Assert.True(Mean("tango2") > Mean("audioldm") + 0.1);
    }

    [Fact]
    public void MalformedSceneIsAClearError() =>
        Assert.Contains("links",
            Assert.Throws<ArgumentException>(() => new Scene([Beep, Engine], [], null).Validated()).Message);
}
