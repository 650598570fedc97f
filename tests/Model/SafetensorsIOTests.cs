using HumanClap.Model;
using HumanClap.Tests.Support;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace HumanClap.Tests.Model;

/// <summary>Our safetensors reader/writer against TorchSharp.PyBridge's (an independent implementation) and
/// against files written by Python (the parity fixtures).</summary>
public sealed class SafetensorsIOTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("humanclap-st-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static void AssertSame(
        IReadOnlyDictionary<string, Tensor> expected, IReadOnlyDictionary<string, Tensor> actual)
    {
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (key, e) in expected)
        {
            var a = actual[key];
            Assert.Equal(e.dtype, a.dtype);
            Assert.Equal(e.shape, a.shape);
            Assert.True(e.bytes.SequenceEqual(a.bytes), $"{key}: contents differ");
        }
    }

    [Fact]
    public void Reads_python_written_files_as_PyBridge_does()
    {
        var path = Path.Combine(Fixtures.Checkpoint("tiny_unfused"), "model.safetensors");
        AssertSame(Safetensors.LoadStateDict(path), SafetensorsIO.Load(path));
        var expected = Path.Combine(Fixtures.Checkpoint("tiny_unfused"), "expected.safetensors");
        AssertSame(Safetensors.LoadStateDict(expected), SafetensorsIO.Load(expected));
    }

    [Fact]
    public void Written_file_reads_back_here_and_in_PyBridge()
    {
        var tensors = new Dictionary<string, Tensor>
        {
            ["f32"] = randn(3, 4), ["f64"] = randn(2, dtype: float64), ["bf16"] = randn(5).to(bfloat16),
            ["f16"] = randn(2, 2).to(float16), ["i64"] = arange(7), ["i32"] = arange(3, dtype: int32),
            ["u8"] = arange(4, dtype: uint8), ["bool"] = tensor(new[] { true, false, true }), ["scalar"] = tensor(2.5f),
            ["empty"] = zeros(0, 3),
        };
        var path = Path.Combine(_dir, "t.safetensors");
        SafetensorsIO.Save(path, tensors);
        AssertSame(tensors, SafetensorsIO.Load(path));
        AssertSame(tensors, Safetensors.LoadStateDict(path));
    }

    [Fact]
    public void Selected_keys_only_and_unknown_key_named()
    {
        var path = Path.Combine(_dir, "k.safetensors");
        SafetensorsIO.Save(path, new Dictionary<string, Tensor> { ["a"] = ones(2), ["b"] = zeros(3) });
        Assert.Equal(["b"], SafetensorsIO.Load(path, ["b"]).Keys);
        Assert.Contains("no tensor named zz",
            Assert.Throws<KeyNotFoundException>(() => SafetensorsIO.Load(path, ["zz"])).Message);
    }

    [Fact]
    public void Truncated_or_inconsistent_files_are_errors_naming_file_and_tensor()
    {
        var path = Path.Combine(_dir, "bad.safetensors");
        SafetensorsIO.Save(path, new Dictionary<string, Tensor> { ["w"] = ones(4) });
        var bytes = File.ReadAllBytes(path);

        File.WriteAllBytes(path, bytes[..^4]);
        var cut = Assert.Throws<HumanClap.Common.UserInputException>(() => SafetensorsIO.Load(path));
        Assert.Contains(path, cut.Message);
        Assert.Contains("tensor w", cut.Message);

        File.WriteAllBytes(path, bytes[..5]);
        Assert.Contains("too short",
            Assert.Throws<HumanClap.Common.UserInputException>(() => SafetensorsIO.Load(path)).Message);

        var headerEnd = 8 + (int)BitConverter.ToUInt64(bytes, 0);
        var header = System.Text.Encoding.ASCII.GetString(bytes, 8, headerEnd - 8).Replace("\"F32\"", "\"I64\"");
        File.WriteAllBytes(path,
            [.. bytes[..8], .. System.Text.Encoding.ASCII.GetBytes(header), .. bytes[headerEnd..]]);
        Assert.Contains("needs 32",
            Assert.Throws<HumanClap.Common.UserInputException>(() => SafetensorsIO.Load(path)).Message);
    }
}
