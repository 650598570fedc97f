namespace HumanClap.Synthetic;

internal enum ListenerKind { Attentive, Random, AlwaysHigh }

/// <summary>
/// A simulated person rating relevance on RELATE's 0..10 scale. Attentive listeners answer
/// <c>round(5 + bias + scale·(10·relevance − 5) + noise·N(0,1))</c> clamped to 0..10; careless ones answer uniformly
/// at random (0..10) or always high (7..10), which is what makes them fail the anchors.
/// </summary>
internal sealed record SimulatedListener(string Id, ListenerKind Kind, double Bias, double Scale, double Noise)
{
    public bool Careless => Kind != ListenerKind.Attentive;

    public static SimulatedListener Sample(string id, double carelessShare, Random rng)
    {
        var kind = rng.NextDouble() >= carelessShare ? ListenerKind.Attentive
                 : rng.Next(2) == 0 ? ListenerKind.Random : ListenerKind.AlwaysHigh;
        return new SimulatedListener(id, kind, rng.Gaussian(0, 0.7), Math.Clamp(rng.Gaussian(1, 0.15), 0.6, 1.4),
                                     rng.Uniform(0.8, 1.8));
    }

    public int Rate(double relevance, Random rng) => Kind switch
    {
        ListenerKind.Random => rng.Next(0, 11),
        ListenerKind.AlwaysHigh => rng.Next(7, 11),
        _ => (int)Math.Clamp(Math.Round(5 + Bias + Scale * (10 * relevance - 5) + Noise * rng.Gaussian()), 0, 10),
    };
}
