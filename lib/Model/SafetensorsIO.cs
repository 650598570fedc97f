using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using static TorchSharp.torch;
using HumanClap.Common;

namespace HumanClap.Model;

/// <summary>Reads and writes the safetensors format: an 8-byte little-endian header length, a JSON header mapping
/// each tensor name to <c>{dtype, shape, data_offsets}</c> (offsets into the data that follows), then the raw
/// little-endian tensor bytes. Our own because the format is this small and TorchSharp.PyBridge, compiled against
/// another TorchSharp, would load a second TorchSharp in notebook kernels; PyBridge stays for pickles only.</summary>
internal static class SafetensorsIO
{
    private static readonly Dictionary<string, ScalarType> DTypes = new()
    {
        ["F64"] = ScalarType.Float64, ["F32"] = ScalarType.Float32, ["F16"] = ScalarType.Float16,
        ["BF16"] = ScalarType.BFloat16, ["I64"] = ScalarType.Int64, ["I32"] = ScalarType.Int32,
        ["I16"] = ScalarType.Int16, ["I8"] = ScalarType.Int8, ["U8"] = ScalarType.Byte, ["BOOL"] = ScalarType.Bool,
    };

    /// <summary>The tensors of <paramref name="path"/> (on the CPU), or only those named in <paramref name="keys"/>.
    /// A malformed file is a <see cref="UserInputException"/> naming the file and the offending entry.</summary>
    public static Dictionary<string, Tensor> Load(string path, IReadOnlyCollection<string>? keys = null)
    {
        using var file = File.OpenRead(path);
        var header = ReadHeader(file, path);
        var dataStart = file.Position;
        var wanted = keys?.ToHashSet();
        var missing = wanted?.Where(k => !header.ContainsKey(k)).ToList();
        if (missing is { Count: > 0 })
            throw new KeyNotFoundException($"{path}: no tensor named {string.Join(", ", missing)}");

        var tensors = new Dictionary<string, Tensor>();
        try
        {
            foreach (var (name, node) in header)
            {
                if (name == "__metadata__" || wanted?.Contains(name) == false) continue;
                tensors[name] = ReadTensor(file, dataStart, name, node as JsonObject, path);
            }
        }
        catch
        {
            foreach (var t in tensors.Values) t.Dispose();
            throw;
        }
        return tensors;
    }

    /// <summary>Writes <paramref name="tensors"/> (any device; stored from CPU copies) to <paramref name="path"/>,
    /// in key order.</summary>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors)
    {
        var header = new JsonObject();
        var blobs = new List<byte[]>();
        long offset = 0;
        foreach (var (name, tensor) in tensors.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            using var cpu = tensor.detach().cpu().contiguous();
            var bytes = cpu.bytes.ToArray();
            header[name] = new JsonObject
            {
                ["dtype"] = DTypeName(cpu.dtype, name),
                ["shape"] = new JsonArray(cpu.shape.Select(d => (JsonNode)d).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + bytes.Length),
            };
            blobs.Add(bytes);
            offset += bytes.Length;
        }
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        var padded = (json.Length + 7) / 8 * 8; // the format allows trailing spaces; aligned data is what writers do
        using var file = File.Create(path);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
        file.Write(length);
        file.Write(json);
        for (int i = json.Length; i < padded; i++) file.WriteByte((byte)' ');
        foreach (var blob in blobs) file.Write(blob);
    }

    private static JsonObject ReadHeader(FileStream file, string path)
    {
        Span<byte> length = stackalloc byte[8];
        if (file.Read(length) != 8) throw new UserInputException($"{path}: too short for a safetensors file");
        var size = BinaryPrimitives.ReadUInt64LittleEndian(length);
        if (size > (ulong)(file.Length - 8))
            throw new UserInputException($"{path}: header length {size} exceeds the file");
        var json = new byte[size];
        file.ReadExactly(json);
        try
        {
            return JsonNode.Parse(json) as JsonObject
                   ?? throw new UserInputException($"{path}: header is not a JSON object");
        }
        catch (JsonException e)
        {
            throw new UserInputException($"{path}: header is not valid JSON ({e.Message})", e);
        }
    }

    private static Tensor ReadTensor(FileStream file, long dataStart, string name, JsonObject? entry, string path)
    {
        var dtypeName = entry?["dtype"]?.GetValue<string>();
        if (dtypeName is null || !DTypes.TryGetValue(dtypeName, out var dtype))
            throw new UserInputException($"{path}: tensor {name} has unsupported dtype '{dtypeName}'");
        var shape = (entry!["shape"] as JsonArray)?.Select(d => d!.GetValue<long>()).ToArray()
                    ?? throw new UserInputException($"{path}: tensor {name} has no shape");
        var offsets = (entry["data_offsets"] as JsonArray)?.Select(d => d!.GetValue<long>()).ToArray();
        if (offsets is not { Length: 2 } || offsets[0] < 0 || offsets[1] < offsets[0]
            || dataStart + offsets[1] > file.Length)
            throw new UserInputException($"{path}: tensor {name} has data_offsets outside the file");

        var tensor = empty(shape, dtype);
        var expected = tensor.NumberOfElements * tensor.ElementSize;
        if (offsets[1] - offsets[0] != expected)
        {
            tensor.Dispose();
            throw new UserInputException($"{path}: tensor {name} has {offsets[1] - offsets[0]} bytes, " +
                                           $"its {dtypeName} shape [{string.Join(", ", shape)}] needs {expected}");
        }
        var bytes = new byte[expected];
        file.Position = dataStart + offsets[0];
        file.ReadExactly(bytes);
        tensor.bytes = bytes;
        return tensor;
    }

    private static string DTypeName(ScalarType dtype, string name) =>
        DTypes.FirstOrDefault(kv => kv.Value == dtype).Key
        ?? throw new NotSupportedException($"tensor {name}: dtype {dtype} cannot be stored in safetensors here");
}
