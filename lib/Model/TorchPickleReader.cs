using System.Collections;
using System.IO.Compression;
using System.Text;
using Razorvine.Pickle;
using Razorvine.Pickle.Objects;
using TorchSharp;
using static TorchSharp.torch;
using HumanClap.Common;

namespace HumanClap.Model;

/// <summary>
/// Reads a <c>torch.save</c> zip archive (data.pkl + data/N storages) whose pickle holds nested dicts of tensors,
/// such as msclap's <c>{'model': state_dict}</c>. Tensors are rebuilt from their storage with their real strides and
/// offsets (PyBridge's reader requires contiguous layouts and a flat state dict). Only the globals a state dict
/// needs are given a meaning (<c>_rebuild_tensor_v2</c>, <c>OrderedDict</c>, the storage types); anything else
/// stays an inert class dict, so nothing in the file is executed.
/// </summary>
internal static class TorchPickleReader
{
    // Razorvine's constructor table is process-wide and PyBridge registers its own for torch's names; this reader
    // renames those two globals in the pickle text (protocol 2 GLOBAL opcodes are newline-delimited) to keys of its
    // own, so the two readers never replace each other's constructors.
    private const string RebuildKey = "humanclap.torch_pickle", RebuildName = "rebuild_tensor_v2",
        DictName = "ordered_dict";
    private static readonly (byte[] From, byte[] To)[] Renames =
    [
        (Encoding.ASCII.GetBytes("ctorch._utils\n_rebuild_tensor_v2\n"),
            Encoding.ASCII.GetBytes($"c{RebuildKey}\n{RebuildName}\n")),
        (Encoding.ASCII.GetBytes("ccollections\nOrderedDict\n"),
            Encoding.ASCII.GetBytes($"c{RebuildKey}\n{DictName}\n")),
    ];

    static TorchPickleReader()
    {
        Unpickler.registerConstructor(RebuildKey, RebuildName, new RebuildTensor());
        Unpickler.registerConstructor(RebuildKey, DictName, new OrderedStateDictConstructor());
    }

    /// <summary><see cref="Load"/> for a checkpoint file the user names: refused unless
    /// <paramref name="allowPickle"/> (a pickle can run code when Python reads it; this reader runs none, but still
    /// reads one only when asked), and any failure is a <see cref="UserInputException"/> naming the file.</summary>
    public static object LoadTrusted(string path, bool allowPickle)
    {
        if (!allowPickle)
            throw new HumanClap.Common.UserInputException(
                $"{path} is a Python pickle that can run code when read; convert it once (humanclap convert " +
                "--checkpoint FILE --out DIR --allow-pickle) or load with AllowPickle = true (--allow-pickle) " +
                "if you trust it");
        try { return Load(path); }
        catch (InvalidDataException e) { throw new UserInputException($"{path}: {e.Message}", e); }
        catch (Exception e) { throw new UserInputException($"{path}: cannot read the pickle ({e.Message})", e); }
    }

    /// <summary>The unpickled top-level object: dicts are <see cref="IDictionary"/> (state dicts keep their order),
    /// tensors are <see cref="Tensor"/>.</summary>
    public static object Load(string path)
    {
        using var archive = ZipFile.OpenRead(path);
        var pkl = archive.Entries.FirstOrDefault(e => e.FullName.EndsWith("/data.pkl",
            StringComparison.Ordinal) || e.FullName == "data.pkl")
                  ?? throw new UserInputException($"{path}: no data.pkl in the archive (not a torch.save zip file)");
        var root = pkl.FullName[..^"data.pkl".Length];
        byte[] text;
        using (var s = pkl.Open())
        using (var m = new MemoryStream())
        {
            s.CopyTo(m);
            text = m.ToArray();
        }
        foreach (var (from, to) in Renames) text = Replace(text, from, to);
        using var unpickler = new StorageUnpickler(archive, root);
        try { return unpickler.loads(text); }
        finally { unpickler.ReleaseStorages(); }
    }

    private static byte[] Replace(byte[] data, byte[] from, byte[] to)
    {
        var output = new List<byte>(data.Length);
        int i = 0;
        while (i < data.Length)
        {
            if (i <= data.Length - from.Length && data.AsSpan(i, from.Length).SequenceEqual(from))
            {
                output.AddRange(to);
                i += from.Length;
            }
            else output.Add(data[i++]);
        }
        return output.ToArray();
    }

    /// <summary>A storage from data/N: its bytes as a flat tensor of the storage's dtype.</summary>
    private sealed record Storage(Tensor Flat);

    private sealed class StorageUnpickler(ZipArchive archive, string root) : Unpickler
    {
        private readonly Dictionary<string, Storage> _storages = new();

        protected override object persistentLoad(object pid)
        {
            if (pid is not object[] { Length: >= 5 } id || id[0] as string != "storage")
                throw new UserInputException("unsupported persistent id in the pickle (only tensor storages are)");
            var key = Convert.ToString(id[2])!;
            if (_storages.TryGetValue(key, out var known)) return known;
            var dtype = DtypeOf(((ClassDictConstructor)id[1]).name);
            long numel = Convert.ToInt64(id[4]);
            var entry = archive.GetEntry($"{root}data/{key}")
                ?? throw new UserInputException($"storage data/{key} is missing");
            var flat = empty(numel, dtype);
            var bytes = new byte[numel * flat.ElementSize];
            using (var s = entry.Open()) s.ReadExactly(bytes);
            flat.bytes = bytes;
            return _storages[key] = new Storage(flat);
        }

        private static ScalarType DtypeOf(string storage) => storage switch
        {
            "FloatStorage" => ScalarType.Float32,
            "DoubleStorage" => ScalarType.Float64,
            "HalfStorage" => ScalarType.Float16,
            "BFloat16Storage" => ScalarType.BFloat16,
            "LongStorage" => ScalarType.Int64,
            "IntStorage" => ScalarType.Int32,
            "ShortStorage" => ScalarType.Int16,
            "CharStorage" => ScalarType.Int8,
            "ByteStorage" => ScalarType.Byte,
            "BoolStorage" => ScalarType.Bool,
            _ => throw new UserInputException($"unsupported storage type {storage}"),
        };

        /// <summary>The rebuilt tensors are copies: the flat storages can go.</summary>
        public void ReleaseStorages()
        {
            foreach (var s in _storages.Values) s.Flat.Dispose();
            _storages.Clear();
        }
    }

    /// <summary>torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks[, metadata]):
    /// a copy of the strided view, so the storage can be released.</summary>
    private sealed class RebuildTensor : IObjectConstructor
    {
        public object construct(object[] args)
        {
            if (args.Length < 4 || args[0] is not Storage storage)
                throw new UserInputException("malformed _rebuild_tensor_v2 call in the pickle");
            long offset = Convert.ToInt64(args[1]);
            long[] size = ((object[])args[2]).Select(Convert.ToInt64).ToArray();
            long[] stride = ((object[])args[3]).Select(Convert.ToInt64).ToArray();
            using var view = storage.Flat.as_strided(size, stride, offset);
            return view.clone();
        }
    }

    /// <summary>A state dict (a Hashtable, which the unpickler's SETITEMS requires) that remembers the pickle's key
    /// order; the <c>_metadata</c> attribute set by BUILD is dropped.</summary>
    public sealed class OrderedStateDict : Hashtable
    {
        private readonly List<object> _order = [];

        /// <summary>Keys in the order the pickle set them.</summary>
        public IReadOnlyList<object> OrderedKeys => _order;

        public override object? this[object key]
        {
            get => base[key];
            set
            {
                if (!ContainsKey(key)) _order.Add(key);
                base[key] = value;
            }
        }

        public override void Add(object key, object? value)
        {
            base.Add(key, value);
            _order.Add(key);
        }

        public void __setstate__(Hashtable state) { }
    }

    private sealed class OrderedStateDictConstructor : IObjectConstructor
    {
        public object construct(object[] args) => new OrderedStateDict();
    }
}
