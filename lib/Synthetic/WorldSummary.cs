using HumanClap.Audio;

namespace HumanClap.Synthetic;

/// <summary>What <see cref="SyntheticWorld.Generate"/> wrote.</summary>
/// <param name="Corpus">Every caption and noisy caption, distinct, in caption order: the texts clap-mini's tokenizer
/// is learned from (the rated texts are among them).</param>
public sealed record WorldSummary(WorldScale Scale, int Seed, WorldFolder Folder, WorldCounts Counts, long Bytes,
                                  IReadOnlyList<string> Corpus);
