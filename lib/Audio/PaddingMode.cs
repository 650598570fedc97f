using System.Text.Json.Serialization;

namespace HumanClap.Audio;

/// <summary>How audio shorter than the window is filled (<c>padding</c> in preprocessor_config.json).</summary>
public enum PaddingMode
{
    /// <summary><c>repeatpad</c>: tile floor(max/len) times, then zero-pad.</summary>
    [JsonStringEnumMemberName("repeatpad")] RepeatPad,
    /// <summary><c>repeat</c>: tile floor(max/len)+1 times and cut.</summary>
    Repeat,
    /// <summary><c>pad</c>: zero-pad.</summary>
    Pad,
}
