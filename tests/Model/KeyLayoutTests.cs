using System.Text.Json;
using HumanClap.Model;
using HumanClap.Tests.Support;
using static TorchSharp.torch;

namespace HumanClap.Tests.Model;

/// <summary>Full-size models built from their configurations have exactly the reference state-dict layout.</summary>
public class KeyLayoutTests
{
    public static TheoryData<string, string> Layouts => new()
    {
        { "keys_full_unfused.json", "tiny" },
        { "keys_full_fused.json", "tiny-fused" },
        { "keys_larger_general.json", "base" },
    };

    [Theory, MemberData(nameof(Layouts))]
    public void FullSizeKeysShapesAndDtypesMatchReference(string file, string variant)
    {
        var config = variant switch
        {
            "tiny" => ClapConfig.HtsatTiny(),
            "tiny-fused" => ClapConfig.HtsatTiny(fusion: true),
            _ => ClapConfig.HtsatBase(),
        };
        var expected = ReadLayout(Path.Combine(Fixtures.Root, file));
        Dictionary<string, (long[] Shape, string Dtype)> actual;
        using (var model = new ClapModel(config))
            actual = model.state_dict().ToDictionary(kv => kv.Key, kv => (kv.Value.shape, DtypeName(kv.Value.dtype)));

        var missing = expected.Keys.Except(actual.Keys).ToList();
        var extra = actual.Keys.Except(expected.Keys).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"missing: {string.Join(", ", missing)}\nunexpected: {string.Join(", ", extra)}");
        var wrong = expected
            .Where(kv => !kv.Value.Shape.SequenceEqual(actual[kv.Key].Shape) || kv.Value.Dtype != actual[kv.Key].Dtype)
            .Select(kv => $"{kv.Key}: expected [{string.Join(",", kv.Value.Shape)}] {kv.Value.Dtype}, " +
                          $"got [{string.Join(",", actual[kv.Key].Shape)}] {actual[kv.Key].Dtype}")
            .ToList();
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    private static string DtypeName(ScalarType t) => t switch
    {
        ScalarType.Float32 => "float32",
        ScalarType.Int64 => "int64",
        _ => t.ToString(),
    };

    internal static Dictionary<string, (long[] Shape, string Dtype)> ReadLayout(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.EnumerateObject().ToDictionary(
            p => p.Name,
            p => (p.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray(),
                  p.Value.GetProperty("dtype").GetString()!));
    }
}
