using HumanClap.Scoring;

namespace HumanClap.Tests.Scoring;

/// <summary>The checkpoint identity of <see cref="EmbeddingCache"/>: remembered per file under (path, length, write
/// time) so a cached run does not re-read the weights, yet a rewritten file is hashed again.</summary>
public sealed class EmbeddingCacheTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("humanclap-cache-id-").FullName;
    public void Dispose() => Directory.Delete(_dir, true);

    private string Checkpoint()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_dir, "ckpt")).FullName;
        File.WriteAllText(Path.Combine(folder, "config.json"), "{\"a\": 1}");
        File.WriteAllBytes(Path.Combine(folder, "model.safetensors"), Enumerable.Range(0, 4096).Select(i => (byte)i)
            .ToArray());
        return folder;
    }

    private string Memo => Path.Combine(_dir, "memo");

    [Fact]
    public void MemoisedIdentityEqualsTheHashedOneAndIsReadOnTheNextRun()
    {
        var ckpt = Checkpoint();
        var hashed = EmbeddingCache.CheckpointIdentity(ckpt);
        Assert.Equal(hashed, EmbeddingCache.CheckpointIdentity(ckpt, Memo));
        var entries = Directory.GetFiles(Memo);
        Assert.Equal(2, entries.Length);

        // The second run reads the memo instead of the file: a (well-formed) memo that lies shows up in the identity.
        foreach (var entry in entries) File.WriteAllText(entry, new string('a', 64));
        Assert.NotEqual(hashed, EmbeddingCache.CheckpointIdentity(ckpt, Memo));
    }

    [Fact]
    public void ARewrittenFileIsHashedAgain()
    {
        var ckpt = Checkpoint();
        var before = EmbeddingCache.CheckpointIdentity(ckpt, Memo);
        var weights = Path.Combine(ckpt, "model.safetensors");
        var bytes = File.ReadAllBytes(weights);
        bytes[100] ^= 1; // same length
        File.WriteAllBytes(weights, bytes);
        File.SetLastWriteTimeUtc(weights, File.GetLastWriteTimeUtc(weights).AddSeconds(1));
        var after = EmbeddingCache.CheckpointIdentity(ckpt, Memo);
        Assert.NotEqual(before, after);
        Assert.Equal(EmbeddingCache.CheckpointIdentity(ckpt), after);
    }

    [Fact]
    public void ADamagedMemoIsIgnoredAndRewritten()
    {
        var ckpt = Checkpoint();
        var hashed = EmbeddingCache.CheckpointIdentity(ckpt, Memo);
        foreach (var entry in Directory.GetFiles(Memo)) File.WriteAllText(entry, "not a hash");
        Assert.Equal(hashed, EmbeddingCache.CheckpointIdentity(ckpt, Memo));
        Assert.All(Directory.GetFiles(Memo), e => Assert.Equal(64, File.ReadAllText(e).Length));
    }
}
