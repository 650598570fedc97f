using HumanClap.Common;

namespace HumanClap.Scoring;

/// <summary>Where a Hugging Face CLAP model's processor files come from: the feature extractor's
/// <c>preprocessor_config.json</c> and the tokenizer's <c>vocab.json</c> + <c>merges.txt</c>. A checkpoint folder
/// normally holds them; fine-tuned models published as <c>config.json</c> + <c>model.safetensors</c> alone (the
/// paper's sarulab-speech/human-clap-* models) take them from the model they were trained from, named with
/// <see cref="ScorerOptions.ProcessorDir"/> (<c>--processor</c>).</summary>
public static class HfProcessorFiles
{
    public static readonly IReadOnlyList<string> Names = ["preprocessor_config.json", "vocab.json", "merges.txt"];

    /// <summary>The folder to read the processor files from: <paramref name="processorDir"/> when given (it must
    /// hold all of them), else the checkpoint folder; a folder lacking any is one error naming the files and the
    /// option.</summary>
    public static string Folder(string checkpoint, string? processorDir)
    {
        if (processorDir is not null)
        {
            if (!Directory.Exists(processorDir))
                throw new UserInputException($"--processor {processorDir}: folder not found");
            var lacking = Missing(processorDir);
            if (lacking.Count > 0)
                throw new UserInputException($"--processor {processorDir} lacks {string.Join(", ", lacking)} " +
                                             "(a CLAP checkpoint folder such as laion/clap-htsat-fused has them)");
            return processorDir;
        }
        var missing = Missing(checkpoint);
        if (missing.Count > 0)
            throw new UserInputException(
                $"{checkpoint} has no {string.Join(", ", missing)}: a model published as config.json and " +
                "model.safetensors alone (such as sarulab-speech/human-clap-*) needs the processor files of the " +
                "model it was fine-tuned from: give that folder with --processor DIR (e.g. a laion/clap-htsat-fused " +
                "download; data-manifests/checkpoints/ says which)");
        return checkpoint;
    }

    private static List<string> Missing(string folder) =>
        Names.Where(n => !File.Exists(Path.Combine(folder, n))).ToList();
}
