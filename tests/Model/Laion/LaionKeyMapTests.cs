using System.Text.Json;
using HumanClap.Model.Laion;
using HumanClap.Tests.Support;

namespace HumanClap.Tests.Model.Laion;

/// <summary>The renames against the fixtures' full-size key lists: every key of the four real presets becomes the
/// Hugging Face key(s) transformers' converter gives it, and the keys the converter drops are exactly the ignored
/// ones.</summary>
public class LaionKeyMapTests
{
    public static TheoryData<string> Presets() => new()
    {
        "630k-audioset-best", "630k-audioset-fusion-best", "music_audioset_epoch_15_esc_90.14",
        "music_speech_audioset_epoch_15_esc_89.98",
    };

    [Theory, MemberData(nameof(Presets))]
    public void EveryKeyMapsAsTransformersConverts(string preset)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(LaionFixtures.Root, $"keys_{preset}.json")));
        var failures = new List<string>();
        int ignored = 0;
        foreach (var row in doc.RootElement.GetProperty("keys").EnumerateArray())
        {
            var key = row.GetProperty("key").GetString()!;
            Assert.StartsWith(LaionKeyMap.DataParallelPrefix, key);
            key = key[LaionKeyMap.DataParallelPrefix.Length..];
            bool dropped = row.GetProperty("hf_status").GetString()!.StartsWith("no such key", StringComparison.Ordinal);
            if (dropped != LaionKeyMap.IsIgnoredKey(key)) failures.Add($"{key}: dropped={dropped}");
            if (dropped) { ignored++; continue; }
            var expected = row.GetProperty("hf_keys").EnumerateArray().Select(e => e.GetString()!).ToArray();
            var actual = LaionKeyMap.ToHf(key);
            if (!expected.SequenceEqual(actual)) failures.Add($"{key}: {string.Join(",", actual)}");
            if (actual.Any(hf => LaionKeyMap.ToLaion(hf) != key)) failures.Add($"{key}: reverse gives " +
                string.Join(",", actual.Select(LaionKeyMap.ToLaion)));
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.Equal(preset.StartsWith("music", StringComparison.Ordinal) ? 23 : 20, ignored);
    }
}
