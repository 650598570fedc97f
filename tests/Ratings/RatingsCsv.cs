using HumanClap.Tests.Common;

namespace HumanClap.Tests.Ratings;

/// <summary>Writes small hand-made RELATE-format files for tests.</summary>
public static class RatingsCsv
{
    public const string RelHeader =
        "wavname,text,score,listener_id,audio type,anchor label,in RELATE dataset,in AudioCaps";

    public static string Write(params string[] lines) => WriteNamed("scores/REL.csv", lines);

    public static string WriteNamed(string relative, params string[] lines)
    {
        var path = Path.Combine(TestPaths.TempDir(), relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        return path;
    }
}
