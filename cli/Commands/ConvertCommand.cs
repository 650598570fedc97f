using System.CommandLine;
using HumanClap.Common;
using HumanClap.Model.Laion;
using HumanClap.Model.MsClap;

namespace HumanClap.Cli;

/// <summary>`convert`: a pickled checkpoint once into safetensors, so later loads read no pickle. msclap's
/// CLAP_weights_*.pth becomes model.safetensors + msclap_config.json (<see cref="MsClapCheckpoint.Convert"/>); a
/// LAION .pt becomes a Hugging Face CLAP folder (<see cref="LaionCheckpoint.Convert"/>).</summary>
public sealed class ConvertCommand : ICommand
{
    private readonly Option<string> _checkpoint =
        CliOptions.Path("--checkpoint", "FILE.pt|CLAP_weights_*.pth", "LAION's or msclap's pickled checkpoint",
            required: true);
    private readonly Option<string> _out =
        CliOptions.Path("--out", "DIR", "folder to write (Hugging Face folder for LAION; model.safetensors and " +
                                        "msclap_config.json for msclap)", required: true);
    private readonly Option<bool> _allowPickle =
        CliOptions.Flag("--allow-pickle", "read the pickle (it can run code when read: trusted files only)");
    private readonly Option<string> _config =
        CliOptions.Path("--config", "msclap_config.json", "msclap only: sizes to use instead of the published preset");
    private readonly Option<string> _processor = CliOptions.Processor();

    public Command Create()
    {
        var command = new Command("convert",
            "write LAION's .pt as a Hugging Face CLAP folder, or msclap's CLAP_weights_*.pth as model.safetensors + " +
            "msclap_config.json")
        {
            _checkpoint, _out, _allowPickle, _config, _processor,
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
        if (LaionCheckpoint.IsLaion(checkpoint))
        {
            if (r.GetValue(_config) is not null)
                throw new UserInputException("--config is for msclap checkpoints; a LAION .pt's sizes come from its keys");
            LaionCheckpoint.Convert(checkpoint, output, r.GetValue(_allowPickle),
                LaionCheckpoint.TokenizerDir(checkpoint, r.GetValue(_processor)));
            Console.WriteLine($"wrote a Hugging Face CLAP folder to {output}");
            return 0;
        }
        var configPath = r.GetValue(_config);
        var config = configPath is null ? null : MsClapConfig.Load(configPath);
        MsClapCheckpoint.Convert(checkpoint, output, r.GetValue(_allowPickle), config);
        Console.WriteLine($"wrote {Path.Combine(output, MsClapCheckpoint.SafetensorsFile)} and " +
                          $"{Path.Combine(output, MsClapConfig.FileName)}");
        return 0;
    }
}
