// Before anything can load libtorch: the CPU code paths that make results the same across machines.
HumanClap.Common.Determinism.PinCpuPaths();
return await HumanClap.Cli.CommandLine.RunAsync(args);
