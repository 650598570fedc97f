using HumanClap.Model;
using HumanClap.Model.MsClap;
using static TorchSharp.torch;

namespace HumanClap.Tooling.Benchmarks;

/// <summary>Times the audio towers whose convolutions go through HumanClap's conv2d guard (docs/convolutions.md), at
/// the published sizes and at widths the guard pads: random weights and inputs, inference mode, seconds per batch.
/// Run by <c>dotnet tools/conv-bench/conv-bench.cs [repeats] [batch]</c>.</summary>
public static class ConvolutionBenchmark
{
    public static void Run(int repeats, int batch, TextWriter output)
    {
        manual_seed(0);
        var isa = Environment.GetEnvironmentVariable("ONEDNN_MAX_CPU_ISA");
        output.WriteLine($"threads {get_num_threads()}, ONEDNN_MAX_CPU_ISA={isa}, batch {batch}, repeats {repeats}");

        using var ms2022 = new MsClapModel(MsClapConfig.Preset2022());
        using var ms2023 = new MsClapModel(MsClapConfig.Preset2023());
        using var fused = new ClapModel(ClapConfig.HtsatTiny(fusion: true));
        // Cnn14 with every block width 4 below the published one: the guard pads all its convolutions but the first.
        using var oddCnn14 = new Cnn14Encoder([60, 124, 252, 508, 1020, 2044], 2048, 527);
        using var smallCnn14 = new Cnn14Encoder([4, 8, 12, 16, 24, 48], 64, 27);
        foreach (var m in new TorchSharp.torch.nn.Module[] { ms2022, ms2023, fused, oddCnn14, smallCnn14 }) m.eval();

        using var wave5s = rand(batch, ms2022.Config.ClipSamples).mul(0.2).sub(0.1);
        using var wave7s = rand(batch, ms2023.Config.ClipSamples).mul(0.2).sub(0.1);
        using var features = randn(batch, 4, 1001, 64);
        using var longer = ones(batch, 1, dtype: ScalarType.Bool);
        using var bn0 = randn(batch, 1, 690, 64);

        var measures = new List<(string Name, Action Run, List<double> Seconds)>();
        void Add(string name, Action run) => measures.Add((name, () =>
        {
            using var scope = NewDisposeScope();
            using var _ = inference_mode();
            run();
        }, []));
        Add("MS CLAP 2022 audio (Cnn14, 5 s)", () => ms2022.EmbedAudio(wave5s));
        Add("MS CLAP 2023 audio (HTSAT + tscam, 7 s)", () => ms2023.EmbedAudio(wave7s));
        Add("HF HTSAT-tiny fused audio (AFF, longer clips)", () => fused.EncodeAudio(features, longer));
        Add("Cnn14 widths [60..2044] from bn0 (padded)", () => oddCnn14.ForwardFromBn0(bn0));
        Add("Cnn14 widths [4,8,12,16,24,48] from bn0", () => smallCnn14.ForwardFromBn0(bn0));

        // One warm-up each, then rounds that alternate the measures, so a disturbance from other processes on a shared
        // machine hits all of them alike; the minimum is the least disturbed round.
        foreach (var m in measures) m.Run();
        var stallBefore = CpuPressure.SomeTotalMicroseconds();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (int round = 0; round < repeats; round++)
            foreach (var m in measures)
            {
                var sw = System.Diagnostics.Stopwatch.StartNew();
                m.Run();
                m.Seconds.Add(sw.Elapsed.TotalSeconds);
            }
        foreach (var (name, _, seconds) in measures)
            output.WriteLine($"{name,-46} min {seconds.Min():F3} s, " +
                              $"median {seconds.Order().ElementAt(seconds.Count / 2):F3} s");
        var stall = CpuPressure.StallShare(stallBefore, CpuPressure.SomeTotalMicroseconds(), clock.Elapsed);
        // Near 0 on an otherwise idle machine; high values mean other processes competed for the cores.
        output.WriteLine($"CPU stall share (time runnable threads waited for a core) {stall:P0}");
    }
}
