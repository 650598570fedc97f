return await HumanClap.Cli.CommandLine.RunAsync(args);
