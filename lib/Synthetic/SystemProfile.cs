namespace HumanClap.Synthetic;

/// <summary>
/// A simulated text-to-audio system's failure profile: per-event probabilities of dropping, substituting or getting an
/// attribute wrong; per-clip probabilities of swapping the order, confusing "then" with "while", adding a spurious
/// event, artefacts (hiss, crackle, muffling) and truncation (silence after a cut).
/// </summary>
public sealed record SystemProfile(string Name, string AudioType, double Drop, double Substitute, double WrongAttribute,
                                   double SwapOrder, double ConfuseOverlap, double Spurious, double ArtefactRate,
                                   double MaxArtefact, double Truncate);
