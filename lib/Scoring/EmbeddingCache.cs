using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using HumanClap.Common;
using HumanClap.Model.MsClap;

namespace HumanClap.Scoring;

/// <summary>
/// An opt-in folder of unit-norm embeddings kept between runs (<c>score --cache DIR</c>), so scoring new prompts
/// against the same clips decodes and encodes no clip again. An entry's name is the SHA-256 of everything that
/// changes the embedding: the audio file's content (or the text), the checkpoint's files, the embedder's
/// preprocessing settings, the device and this format's version; a changed file, model or option therefore misses
/// and is never served stale. Entries are written with <see cref="AtomicFile"/> (a unique temporary file renamed
/// into place), so concurrent runs sharing a folder and killed runs never leave a partial entry: a reader sees the
/// complete entry or none, and two writers of one key write the same bytes.
/// </summary>
internal sealed class EmbeddingCache
{
    /// <summary>Bump when the arithmetic of any embedding changes without a setting showing it (keys then miss).
    /// </summary>
    public const int FormatVersion = 1;

    private static readonly byte[] Magic = "HCE1"u8.ToArray();
    private const int HeaderBytes = 8;

    private readonly string _dir;
    private readonly string _audioScope;
    private readonly string _textScope;
    private readonly int _dimension;

    private EmbeddingCache(string dir, string audioScope, string textScope, int dimension)
    {
        _dir = dir;
        _audioScope = audioScope;
        _textScope = textScope;
        _dimension = dimension;
    }

    /// <summary>The cache in <paramref name="dir"/> (created when absent) for one loaded model.</summary>
    /// <param name="checkpoint">The folder or file the model was loaded from: its files' contents are hashed.</param>
    /// <param name="device">Part of the key: CPU and CUDA kernels round differently.</param>
    /// <param name="processorDir">Where the processor files came from when not from the checkpoint: hashed too.
    /// </param>
    public static EmbeddingCache Open(string dir, string checkpoint, IAudioTextEmbedder embedder, string device,
        string? processorDir = null)
    {
        Directory.CreateDirectory(dir);
        var memo = Path.Combine(dir, FileHashMemoFolder);
        var identity = CheckpointIdentity(checkpoint, memo);
        if (processorDir is not null) identity += "\nprocessor " + CheckpointIdentity(processorDir, memo);
        string model = $"format {FormatVersion}\ncheckpoint {identity}\ndevice {device}\n";
        return new EmbeddingCache(Path.GetFullPath(dir), model + "audio " + embedder.AudioSettings + "\n",
            model + "text " + embedder.TextSettings + "\n", embedder.EmbeddingSize);
    }

    /// <summary>Folder of the cache holding the content hashes of checkpoint files already hashed.</summary>
    public const string FileHashMemoFolder = "file-hashes";

    /// <summary>SHA-256 over the names and contents of the files a checkpoint is read from: every file of a
    /// checkpoint folder, or a checkpoint file (an MS CLAP <c>.pth</c>, a LAION <c>.pt</c>) with the configs,
    /// vocabularies and processor files that may be read beside it.</summary>
    /// <param name="memoDir">Where to remember each file's hash under (full path, size, modification time), so a
    /// cached run does not re-read gigabytes of weights at every start; null: always hash.</param>
    public static string CheckpointIdentity(string checkpoint, string? memoDir = null)
    {
        var full = Path.GetFullPath(checkpoint);
        IEnumerable<string> files = Directory.Exists(full)
            ? Directory.GetFiles(full)
            : new[] { MsClapConfig.FileName, MsClapEmbedder.BertVocabFile, "model_config.json" }
                .Concat(HfProcessorFiles.Names)
                .Select(f => Path.Combine(Path.GetDirectoryName(full)!, f)).Where(File.Exists).Append(full);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(file) + "\n"));
            hash.AppendData(Convert.FromHexString(memoDir is null ? FileHash(file) : MemoisedFileHash(file, memoDir)));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>SHA-256 of a file's bytes (hex).</summary>
    public static string FileHash(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>
    /// <see cref="FileHash"/> remembered under the file's full path, length and last write time (ticks, UTC): a file
    /// rewritten in any usual way (save, copy, download, training) gets a new time and is hashed again. A memo entry
    /// that cannot be read or is not a hash is ignored and rewritten; entries are written atomically.
    /// </summary>
    internal static string MemoisedFileHash(string path, string memoDir)
    {
        var info = new FileInfo(path);
        string stamp = $"{info.FullName}\n{info.Length}\n{info.LastWriteTimeUtc.Ticks}";
        var memo = Path.Combine(memoDir, Key(stamp) + ".sha256");
        try
        {
            var stored = File.ReadAllText(memo).Trim();
            if (stored.Length == 64 && stored.All(char.IsAsciiHexDigitLower)) return stored;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        var hash = FileHash(path);
        AtomicFile.WriteAllText(memo, hash);
        return hash;
    }

    /// <summary>The key of an audio file's embedding; null when the file cannot be read (the caller's decode then
    /// reports why).</summary>
    public string? AudioKey(string path)
    {
        try { return Key(_audioScope + FileHash(path)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    public string TextKey(string text) => Key(_textScope + text);

    private static string Key(string material) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(material)));

    /// <summary>Two-level layout (<c>ab/abcd….emb</c>) so that no folder holds millions of entries.</summary>
    private string EntryPath(string key) => Path.Combine(_dir, key[..2], key + ".emb");

    /// <summary>The stored embedding, or null when absent or unreadable (a damaged entry is a miss and is
    /// rewritten).</summary>
    public float[]? TryGet(string key)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(EntryPath(key)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
        if (bytes.Length != HeaderBytes + 4 * _dimension || !bytes.AsSpan(0, 4).SequenceEqual(Magic)
            || BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4)) != _dimension)
            return null;
        var embedding = new float[_dimension];
        for (int i = 0; i < _dimension; i++)
            embedding[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(HeaderBytes + 4 * i));
        return embedding;
    }

    /// <summary>Stores an embedding atomically; a non-finite one is not stored (it would only fail again).</summary>
    public void Put(string key, float[] embedding)
    {
        if (embedding.Length != _dimension)
            throw new ArgumentException($"expected {_dimension} values, got {embedding.Length}", nameof(embedding));
        if (!embedding.All(float.IsFinite)) return;
        var bytes = new byte[HeaderBytes + 4 * _dimension];
        Magic.CopyTo(bytes, 0);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), _dimension);
        for (int i = 0; i < _dimension; i++)
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(HeaderBytes + 4 * i), embedding[i]);
        AtomicFile.WriteAllBytes(EntryPath(key), bytes);
    }
}
