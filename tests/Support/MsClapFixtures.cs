using HumanClap.Model;
using static TorchSharp.torch;

namespace HumanClap.Tests.Support;

/// <summary>The committed msclap parity fixtures (tests/fixtures/msclap-parity, see its README).</summary>
public static class MsClapFixtures
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "fixtures", "msclap-parity");
    public static string Dir(string name) => Path.Combine(Root, name);
    public static string TokenizerDir => Dir("tokenizer");

    /// <summary>A JSON file of a fixture folder (meta.json, msclap_config.json, expected_ids.json).</summary>
    public static System.Text.Json.JsonDocument Json(string name, string file) =>
        System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir(name), file)));

    public static Dictionary<string, Tensor> Expected(string name) =>
        Fixtures.ReadTensors(Path.Combine(Dir(name), "expected.safetensors"));

    /// <summary>
    /// Loads the keys of <c>model.safetensors</c> under <paramref name="prefix"/> (prefix removed) into
    /// <paramref name="module"/> with the strict loader, leaving out the children named in
    /// <paramref name="ownedElsewhere"/> (e.g. the front end, which another module owns). Any other missing,
    /// unexpected or mis-shaped key still fails.
    /// </summary>
    public static void LoadSubModule(TorchSharp.torch.nn.Module module, string name, string prefix,
        params string[] ownedElsewhere)
    {
        var (weights, source) = CheckpointIO.ReadStateDict(Dir(name), new CheckpointLoadOptions());
        try
        {
            var sub = weights.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal))
                .Select(kv => (Key: kv.Key[prefix.Length..], kv.Value))
                .Where(kv => !ownedElsewhere.Any(child => kv.Key.StartsWith(child + ".", StringComparison.Ordinal)))
                .ToDictionary(kv => kv.Key, kv => kv.Value);
            CheckpointIO.LoadStrict(module, sub, $"{source} [{prefix}*]");
        }
        finally
        {
            foreach (var t in weights.Values) t.Dispose();
        }
        module.eval();
    }
}
