using HumanClap.Training;

namespace HumanClap.Experiments;

public sealed record DataCounts(int RatingsTotal, int ListenersTotal, int ListenersFlagged, int RatingsKept,
    int TrainPairs, int ValidationPairs, int TestPairs, int PretrainClips, int ClipsFailed);
