using System.Text.RegularExpressions;
using HumanClap.Tests.Support;

namespace HumanClap.Tests.Architecture;

/// <summary>The rooms of lib/ depend only on rooms below them in the order the README's layout section states, so
/// the arrows point one way and there is no cycle between rooms.</summary>
public sealed class RoomDependencyTests
{
    /// <summary>Each room's level; a room may use only rooms of a lower level.</summary>
    public static readonly IReadOnlyDictionary<string, int> Levels = new Dictionary<string, int>
    {
        ["Common"] = 0, ["Audio"] = 1, ["Text"] = 1, ["Model"] = 2, ["Scoring"] = 3, ["Losses"] = 4, ["Metrics"] = 4,
        ["Ratings"] = 5, ["Training"] = 6, ["Synthetic"] = 7, ["Experiments"] = 8,
        ["Evaluation"] = 9, ["Reporting"] = 10,
    };

    private static string Lib => Path.Combine(Fixtures.RepoRoot, "lib");

    [Fact]
    public void EveryRoomHasALevel()
    {
        var rooms = Directory.GetDirectories(Lib).Select(Path.GetFileName).Where(r => r is not ("bin" or "obj"))
            .Where(r => Directory.EnumerateFiles(Path.Combine(Lib, r!), "*.cs", SearchOption.AllDirectories).Any());
        Assert.All(rooms, r => Assert.True(Levels.ContainsKey(r!), $"lib/{r} has no level in the stated order"));
    }

    [Fact]
    public void NoRoomUsesARoomAtOrAboveIt()
    {
        var upward = new List<string>();
        foreach (var (room, level) in Levels)
        {
            var dir = Path.Combine(Lib, room);
            if (!Directory.Exists(dir)) continue;
            foreach (var file in Directory.EnumerateFiles(dir, "*.cs", SearchOption.AllDirectories))
            {
                var code = Regex.Replace(File.ReadAllText(file), @"//.*", "");
                foreach (var (other, otherLevel) in Levels)
                {
                    if (other == room || otherLevel < level) continue;
                    // `using HumanClap.Other`, or a qualified `HumanClap.Other.Type` / `Other.Type` (the parent
                    // namespace HumanClap is in scope inside every room).
                    var uses = new Regex(
                        $@"using\s+(static\s+)?HumanClap\.{other}\b|(?<![\w.])(HumanClap\.)?{other}\.[A-Z]\w*");
                    if (uses.IsMatch(code))
                        upward.Add($"{Path.GetRelativePath(Lib, file)} uses {other} (level {otherLevel} >= {level})");
                }
            }
        }
        Assert.True(upward.Count == 0, string.Join("\n", upward));
    }
}
