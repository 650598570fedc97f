using System.Text.Json;
using HumanClap.Model;
using static TorchSharp.torch;

namespace HumanClap.Tests.Support;

/// <summary>The laion-parity fixtures (laion_clap's own outputs for three reduced checkpoints, see their README),
/// copied next to the test assembly.</summary>
public static class LaionFixtures
{
    public static readonly string[] Sets = ["tiny_unfused", "tiny_fused", "base_unfused"];

    public static string Root => Path.Combine(AppContext.BaseDirectory, "fixtures", "laion-parity");
    public static string Set(string name) => Path.Combine(Root, name);
    public static string TokenizerDir => Path.Combine(Root, "tokenizer");

    /// <summary>The set's one <c>.pt</c>.</summary>
    public static string Pt(string name) => Directory.GetFiles(Set(name), "*.pt").Single();

    public static Dictionary<string, Tensor> Expected(string name) =>
        SafetensorsIO.Load(Path.Combine(Set(name), "expected.safetensors"));

    public static JsonDocument Json(string name, string file) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Set(name), file)));

    /// <summary>A copy of the set's <c>.pt</c> (and model_config.json) in a fresh folder, with the tokenizer files
    /// beside it unless <paramref name="withTokenizer"/> is false.</summary>
    public static string CopyToTemp(string name, string tempRoot, bool withTokenizer = true)
    {
        var dir = Path.Combine(tempRoot, name);
        Directory.CreateDirectory(dir);
        File.Copy(Pt(name), Path.Combine(dir, Path.GetFileName(Pt(name))));
        File.Copy(Path.Combine(Set(name), "model_config.json"), Path.Combine(dir, "model_config.json"));
        if (withTokenizer)
            foreach (var f in new[] { "vocab.json", "merges.txt" })
                File.Copy(Path.Combine(TokenizerDir, f), Path.Combine(dir, f));
        return Path.Combine(dir, Path.GetFileName(Pt(name)));
    }
}
