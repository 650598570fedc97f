using System.Globalization;
using HumanClap.Common;

namespace HumanClap.Scoring;

/// <summary>One row of a pairs CSV: the audio path as written, resolved against the CSV's folder, and the text.
/// </summary>
public sealed record PairRow(long Line, string Audio, string AudioPath, string Text);
