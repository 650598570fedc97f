using HumanClap.Model.MsClap;

namespace HumanClap.Cli;

/// <summary>`convert`: msclap's pickled CLAP_weights_*.pth once into model.safetensors + msclap_config.json, so later
/// loads read no pickle. The work is <see cref="MsClapCheckpoint.Convert"/>.</summary>
public sealed class ConvertCommand : ICommand
{
    public string Name => "convert";
    public string Summary => "write msclap's CLAP_weights_*.pth as model.safetensors + msclap_config.json";
    public string Usage => "--checkpoint CLAP_weights_2023.pth --out DIR --allow-pickle [--config msclap_config.json]";

    public Task<int> RunAsync(Args args)
    {
        var checkpoint = args.Required("checkpoint");
        var output = args.Required("out");
        bool allowPickle = args.Flag("allow-pickle");
        var configPath = args.Get("config");
        args.EnsureAllConsumed();

        var config = configPath is null ? null : MsClapConfig.Load(configPath);
        MsClapCheckpoint.Convert(checkpoint, output, allowPickle, config);
        Console.WriteLine($"wrote {Path.Combine(output, MsClapCheckpoint.SafetensorsFile)} and " +
                          $"{Path.Combine(output, MsClapConfig.FileName)}");
        return Task.FromResult(0);
    }
}
