using System.Text.Json;
using System.Text.Json.Serialization;
using HumanClap.Common;

namespace HumanClap.Model.MsClap;

/// <summary>Values HTSAT reads from msclap/models/config.py: the mel bank is built for 32 kHz, 50-14000 Hz.</summary>
public sealed record MsClapHtsatConfigPy
{
    public int SampleRate { get; init; } = 32000;
    public int WindowSize { get; init; } = 1024;
    public int HopSize { get; init; } = 320;
    public int MelBins { get; init; } = 64;
    public int Fmin { get; init; } = 50;
    public int Fmax { get; init; } = 14000;
    public bool EnableTscam { get; init; } = true;
}
