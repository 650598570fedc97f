#:project ../HumanClap.Tooling/HumanClap.Tooling.csproj
#:property PublishAot=false
#:property Configuration=Release
// Times the audio towers whose convolutions go through HumanClap's conv2d guard (docs/convolutions.md), at the
// published sizes and at widths the guard pads: `dotnet tools/conv-bench/conv-bench.cs [repeats] [batch]` from the
// repository root. Random weights and inputs; inference mode; seconds per batch.

HumanClap.Tooling.Benchmarks.ConvolutionBenchmark.Run(repeats: args.Length > 0 ? int.Parse(args[0]) : 7,
    batch: args.Length > 1 ? int.Parse(args[1]) : 4, Console.Out);
