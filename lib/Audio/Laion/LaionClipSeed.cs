using System.Runtime.InteropServices;
using System.Security.Cryptography;
using HumanClap.Common;

namespace HumanClap.Audio.Laion;

/// <summary>The seed of one clip's draws: the run's seed mixed with the clip's samples. laion_clap draws from numpy's
/// global generator clip after clip, so a clip's crop depends on every clip before it; seeding per clip from its
/// content instead makes a score independent of the batch, of the order and of the file's name, and still
/// reproducible from the run's seed alone.</summary>
internal static class LaionClipSeed
{
    public static int For(int runSeed, ReadOnlySpan<float> loadedClip)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(MemoryMarshal.AsBytes(loadedClip), hash);
        ulong identity = BitConverter.ToUInt64(hash[..8]);
        return SeedMixer.ToSeed(SeedMixer.SplitMix64(identity ^ SeedMixer.SplitMix64((ulong)(uint)runSeed)));
    }
}
