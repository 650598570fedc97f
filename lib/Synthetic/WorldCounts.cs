using System.Text.Json.Serialization;
using HumanClap.Common;

namespace HumanClap.Synthetic;

/// <summary>How much of each kind a world holds (world.json's "counts").</summary>
public sealed record WorldCounts(int TrainCaptions, int TestCaptions, int PretrainClips, int WavFiles, int Pairs,
                                 int Listeners, int CarelessListeners, int ScreenedOutListeners, int Ratings,
                                 int AnchorRatings);
