using System.Globalization;
using HumanClap.Audio;

namespace HumanClap.Tests.Support;

/// <summary>A small text-to-audio benchmark on disk: three systems (named after RELATE's folders, so ratings load)
/// × five prompts of two categories, and ratings by three listeners.</summary>
public static class TtaBenchmark
{
    public static readonly string[] Systems = ["audioldm", "tango", "tango2"];
    public static readonly (string Id, string Text, string Category)[] Prompts =
    [
        ("p1", "a high beep", "tonal"), ("p2", "a low hum", "tonal"), ("p3", "knocking", "impacts"),
        ("p4", "a fast beep", "tonal"), ("p5", "clicks", "impacts"),
    ];

    /// <summary>SYSTEMS/system/prompt.wav (1 s tones, each system a little off), prompts.csv and REL.csv.</summary>
    public static (string Systems, string PromptsCsv, string Ratings) Write(string dir, bool ratings = true)
    {
        var root = Path.Combine(dir, "systems");
        foreach (var (system, s) in Systems.Select((x, i) => (x, i)))
        {
            Directory.CreateDirectory(Path.Combine(root, system));
            foreach (var (id, _, _) in Prompts)
            {
                double hz = 200 + 150 * int.Parse(id[1..], CultureInfo.InvariantCulture) + 37 * s;
                var wave = Enumerable.Range(0, 48_000)
                    .Select(i => (float)(0.3 * Math.Sin(2 * Math.PI * hz * i / 48_000))).ToArray();
                AudioWriter.WriteWav16(Path.Combine(root, system, id + ".wav"), wave, 48_000);
            }
        }
        var promptsCsv = Path.Combine(dir, "prompts.csv");
        File.WriteAllLines(promptsCsv,
            ["prompt_id,text,category", .. Prompts.Select(p => $"{p.Id},{p.Text},{p.Category}")]);
        var rel = Path.Combine(dir, "REL.csv");
        var rows = from listener in new[] { "L1", "L2", "L3" }
            from system in Systems.Select((x, i) => (x, i))
            from p in Prompts.Select((x, i) => (x, i))
            let score = (2 + 3 * system.i + p.i + listener[1] - '1') % 11
            select $"/{system.x}/{p.x.Id}.wav,{p.x.Text},{score},{listener},{system.x},False,test,test";
        if (ratings)
            File.WriteAllLines(rel, ["wavname,text,score,listener_id,audio type,anchor label,in RELATE dataset," +
                                     "in AudioCaps", .. rows]);
        return (root, promptsCsv, rel);
    }

    /// <summary>`evaluate` of the benchmark with two backbones (the clap-parity fixtures' tiny models).</summary>
    public static string[] EvaluateArgs(string systems, string prompts, string outDir, params string[] more) =>
    [
        "evaluate", "--systems", systems, "--prompts", prompts, "--out", outDir, "--resamples", "200",
        "--model", "unfused=" + Fixtures.Checkpoint("tiny_unfused"),
        "--model", "fused=" + Fixtures.Checkpoint("tiny_fused"),
        .. more,
    ];
}
