using System.CommandLine;
using HumanClap.Common;
using HumanClap.Model.MsClap;

namespace HumanClap.Cli;

/// <summary>`convert`: msclap's pickled CLAP_weights_*.pth once into model.safetensors + msclap_config.json, so later
/// loads read no pickle. The work is <see cref="MsClapCheckpoint.Convert"/>.</summary>
public sealed class ConvertCommand : ICommand
{
    private readonly Option<string> _checkpoint =
        CliOptions.Path("--checkpoint", "CLAP_weights_*.pth", "msclap's pickled checkpoint", required: true);
    private readonly Option<string> _out =
        CliOptions.Path("--out", "DIR", "folder for model.safetensors and msclap_config.json", required: true);
    private readonly Option<bool> _allowPickle =
        CliOptions.Flag("--allow-pickle", "read the pickle (it can run code when read: trusted files only)");
    private readonly Option<string> _config =
        CliOptions.Path("--config", "msclap_config.json", "sizes to use instead of the published preset");

    public Command Create()
    {
        var command = new Command("convert",
            "write msclap's CLAP_weights_*.pth as model.safetensors + msclap_config.json")
        {
            _checkpoint, _out, _allowPickle, _config,
        };
        command.SetAction(Run);
        return command;
    }

    private int Run(ParseResult r)
    {
        var checkpoint = r.GetValue(_checkpoint)!;
        var output = r.GetValue(_out)!;
        if (!File.Exists(checkpoint)) throw new UserInputException($"--checkpoint {checkpoint}: file not found");
        OutputCheck.Folder(output, "--out");
        var configPath = r.GetValue(_config);
        var config = configPath is null ? null : MsClapConfig.Load(configPath);
        MsClapCheckpoint.Convert(checkpoint, output, r.GetValue(_allowPickle), config);
        Console.WriteLine($"wrote {Path.Combine(output, MsClapCheckpoint.SafetensorsFile)} and " +
                          $"{Path.Combine(output, MsClapConfig.FileName)}");
        return 0;
    }
}
