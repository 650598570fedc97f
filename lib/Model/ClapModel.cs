using HumanClap.Common;
using HumanClap.Model.Audio;
using HumanClap.Model.Text;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HumanClap.Model;

/// <summary>Audio tower output: encoder states, the projection before L2 normalisation, and the unit-norm
/// embedding.</summary>
internal sealed record AudioEmbedding(AudioEncoderOutput Encoder, Tensor Projected, Tensor Embeds);

/// <summary>Text tower output: encoder states, the projection before L2 normalisation, and the unit-norm
/// embedding.</summary>
internal sealed record TextEmbedding(TextEncoderOutput Encoder, Tensor Projected, Tensor Embeds);

/// <summary>CLAP (HTSAT audio tower + RoBERTa text tower + projections + logit scales) with field names equal to
/// the Hugging Face checkpoint keys, so a <c>model.safetensors</c> loads without renaming.</summary>
public sealed class ClapModel : nn.Module
{
    private readonly ClapTextModel text_model;
    private readonly ProjectionLayer text_projection;
    private readonly ClapAudioModel audio_model;
    private readonly ProjectionLayer audio_projection;
    private readonly Parameter logit_scale_a, logit_scale_t;

    public ClapConfig Config { get; }

    public ClapModel(ClapConfig config) : base("ClapModel")
    {
        config.Validate();
        Config = config;
        text_model = new ClapTextModel(config.Text);
        text_projection = new ProjectionLayer(config.Text.HiddenSize, config.ProjectionDim);
        audio_model = new ClapAudioModel(config.Audio);
        if (audio_model.Encoder.NumFeatures != config.Audio.HiddenSize)
            throw new UserInputException($"audio_config.hidden_size is {config.Audio.HiddenSize} " +
                $"but the encoder produces {audio_model.Encoder.NumFeatures} features");
        audio_projection = new ProjectionLayer(config.Audio.HiddenSize, config.ProjectionDim);
        logit_scale_a = nn.Parameter(tensor((float)Math.Log(config.LogitScaleInitValue)));
        logit_scale_t = nn.Parameter(tensor((float)Math.Log(config.LogitScaleInitValue)));
        RegisterComponents();
    }

    /// <summary>ln of the audio->text temperature; LAION trains with this one for both directions.</summary>
    public Parameter LogitScaleA => logit_scale_a;
    public Parameter LogitScaleT => logit_scale_t;

    /// <param name="features">(B, C, 1001, 64) from <c>ClapFeatureExtractor</c>.</param>
    /// <param name="isLonger">(B, 1) or (B) flags; only read by fused models.</param>
    internal AudioEmbedding EncodeAudio(Tensor features, Tensor? isLonger = null, bool outputHiddenStates = false)
    {
        var enc = audio_model.forward(features, isLonger, outputHiddenStates);
        var projected = audio_projection.forward(enc.PoolerOutput);
        return new AudioEmbedding(enc, projected, nn.functional.normalize(projected, dim: -1));
    }

    /// <param name="inputIds">(B, L) int64 token ids.</param>
    /// <param name="attentionMask">(B, L) 1 for tokens, 0 for padding.</param>
    internal TextEmbedding EncodeText(Tensor inputIds, Tensor attentionMask)
    {
        var enc = text_model.forward(inputIds, attentionMask);
        var projected = text_projection.forward(enc.PoolerOutput);
        return new TextEmbedding(enc, projected, nn.functional.normalize(projected, dim: -1));
    }

    /// <summary>logits_per_audio = exp(scale_a) A Tᵀ and logits_per_text = exp(scale_t) T Aᵀ, as the
    /// reference.</summary>
    public (Tensor PerAudio, Tensor PerText) Logits(Tensor audioEmbeds, Tensor textEmbeds) =>
        (audioEmbeds.matmul(textEmbeds.t()).mul(logit_scale_a.exp()),
         textEmbeds.matmul(audioEmbeds.t()).mul(logit_scale_t.exp()));

    /// <summary>Loads <c>config.json</c> and the weights of a Hugging Face CLAP checkpoint folder, strictly, on
    /// <see cref="CheckpointLoadOptions.Device"/>, in evaluation mode.</summary>
    public static ClapModel FromPretrained(string checkpointDir, CheckpointLoadOptions? options = null)
    {
        options ??= new CheckpointLoadOptions();
        if (!Directory.Exists(checkpointDir))
            throw new UserInputException($"checkpoint folder not found: {checkpointDir} (give the folder that " +
                                         "holds config.json and model.safetensors, e.g. a download of " +
                                         "laion/clap-htsat-unfused)");
        var model = new ClapModel(ClapConfig.Load(Path.Combine(checkpointDir, CheckpointIO.ConfigFile)));
        var (weights, source) = CheckpointIO.ReadStateDict(checkpointDir, options);
        try
        {
            CheckpointIO.LoadStrict(model, weights, source);
        }
        finally
        {
            foreach (var t in weights.Values) t.Dispose();
        }
        if (options.Device is not null) model.to(options.Device);
        model.eval();
        return model;
    }

    /// <summary>Writes <c>model.safetensors</c>, then <c>config.json</c>, each atomically (temporary file and
    /// rename), so a folder with a config always has complete weights.</summary>
    public void SavePretrained(string checkpointDir)
    {
        Directory.CreateDirectory(checkpointDir);
        CheckpointIO.WriteSafetensors(Path.Combine(checkpointDir, CheckpointIO.SafetensorsFile), state_dict());
        Config.Save(Path.Combine(checkpointDir, CheckpointIO.ConfigFile));
    }
}
