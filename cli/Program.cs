// Before anything can load libtorch: the CPU code paths that make results the same across machines.
HumanClap.Common.Determinism.PinCpuPaths();
// Large tensors are freed and made again all the time: keep their memory instead of re-faulting it (NativeHeap).
HumanClap.Common.NativeHeap.KeepFreedMemory();
return await HumanClap.Cli.CommandLine.RunAsync(args);
