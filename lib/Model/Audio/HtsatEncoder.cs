using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HumanClap.Model.Audio;

/// <summary>What the audio encoder returns. Hidden states are in (B, C, H, W) layout as HF's reshaped hidden
/// states.</summary>
internal sealed record AudioEncoderOutput(
    Tensor LastHiddenState, Tensor PoolerOutput, IReadOnlyList<Tensor>? HiddenStates);

/// <summary>HTSAT (<c>audio_model.audio_encoder</c>): mel BatchNorm, mel -> 256x256 image, patch embedding,
/// four Swin stages, final LayerNorm, mean pooling over tokens.</summary>
internal sealed class HtsatEncoder : nn.Module
{
    private readonly PatchEmbed patch_embed;
    private readonly ModuleList<SwinStage> layers;
    private readonly BatchNorm2d batch_norm;
    private readonly LayerNorm norm;
    private readonly ClapAudioConfig _cfg;
    private readonly int _freqRatio;

    public HtsatEncoder(ClapAudioConfig cfg) : base("HtsatEncoder")
    {
        _cfg = cfg;
        _freqRatio = cfg.SpecSize / cfg.NumMelBins;
        patch_embed = new PatchEmbed(cfg);
        int grid = cfg.SpecSize / cfg.PatchStride[0];
        var stages = new List<SwinStage>();
        for (int i = 0; i < cfg.Depths.Length; i++)
        {
            int dim = cfg.PatchEmbedsHiddenSize << i, res = grid >> i;
            stages.Add(new SwinStage(dim, cfg.Depths[i], cfg.NumAttentionHeads[i], (res, res), cfg,
                downsampleAtEnd: i < cfg.Depths.Length - 1));
        }
        layers = nn.ModuleList(stages.ToArray());
        batch_norm = nn.BatchNorm2d(cfg.NumMelBins);
        norm = nn.LayerNorm(NumFeatures);
        RegisterComponents();
    }

    public int NumFeatures => _cfg.PatchEmbedsHiddenSize << (_cfg.Depths.Length - 1);

    /// <param name="features">(B, C, T, mel) log-mel features; C = 4 with fusion.</param>
    /// <param name="isLonger">(B) or (B, 1) flags, used only with fusion.</param>
    public AudioEncoderOutput forward(Tensor features, Tensor? isLonger, bool outputHiddenStates = false)
    {
        // BatchNorm over mel bins: move mel to the channel axis and back.
        var x = batch_norm.forward(features.transpose(1, 3)).transpose(1, 3);
        Tensor? longerIndex = _cfg.EnableFusion && isLonger is not null
            ? isLonger.reshape(-1).to(ScalarType.Bool).nonzero().reshape(-1)
            : null;
        x = MelToImage(x, _cfg.SpecSize, _freqRatio);
        var hidden = patch_embed.forward(x, longerIndex);

        int h = _cfg.SpecSize / _cfg.PatchStride[0], w = _cfg.SpecSize / _cfg.PatchStride[1];
        var states = outputHiddenStates ? new List<Tensor> { ToImage(hidden, h, w) } : null;
        foreach (var stage in layers)
        {
            (hidden, h, w) = stage.forward(hidden, h, w);
            states?.Add(ToImage(hidden, h, w));
        }
        var last = norm.forward(hidden);
        var pooled = last.mean(new long[] { 1 });
        return new AudioEncoderOutput(GroupedLayout(last, h, w, _freqRatio), pooled, states);
    }

    /// <summary>(B, C, T, F) -> (B, C, spec, spec): time resized to spec*ratio by bicubic interpolation
    /// (align_corners), then cut into <c>ratio</c> time blocks stacked along frequency (HF's reshape_mel2img =
    /// msclap's reshape_wav2img).</summary>
    internal static Tensor MelToImage(Tensor x, int specSize, int freqRatio)
    {
        long time = x.shape[2], freq = x.shape[3];
        long specWidth = (long)specSize * freqRatio, specHeight = specSize / freqRatio;
        if (time > specWidth || freq > specHeight)
            throw new ArgumentException($"input features of {time} frames x {freq} mel bins exceed the " +
                $"{specWidth} x {specHeight} the model takes");
        if (time < specWidth)
            x = nn.functional.interpolate(x, new long[] { specWidth, freq },
                mode: InterpolationMode.Bicubic, align_corners: true);
        if (freq < specHeight)
            x = nn.functional.interpolate(x, new long[] { x.shape[2], specHeight },
                mode: InterpolationMode.Bicubic, align_corners: true);
        long b = x.shape[0], c = x.shape[1], t = x.shape[2], f = x.shape[3];
        x = x.reshape(b, c * freqRatio, t / freqRatio, f).permute(0, 1, 3, 2).contiguous();
        return x.reshape(b, c, f * freqRatio, t / freqRatio);
    }

    private static Tensor ToImage(Tensor tokens, int h, int w)
    {
        long b = tokens.shape[0], c = tokens.shape[2];
        return tokens.view(b, h, w, c).permute(0, 3, 1, 2);
    }

    /// <summary>HF's last_hidden_state layout: (B, C, freq/ratio, ratio*time) after regrouping frequency
    /// bands.</summary>
    internal static Tensor GroupedLayout(Tensor last, int h, int w, int freqRatio)
    {
        long b = last.shape[0], c = last.shape[2];
        var x = last.permute(0, 2, 1).contiguous().reshape(b, c, h, w);
        long cFreq = h / freqRatio;
        return x.reshape(b, c, h / cFreq, cFreq, w).permute(0, 1, 3, 2, 4).contiguous().reshape(b, c, cFreq, -1);
    }
}

/// <summary><c>audio_model</c>: a wrapper holding <c>audio_encoder</c>, as in HF's ClapAudioModel.</summary>
internal sealed class ClapAudioModel : nn.Module
{
    private readonly HtsatEncoder audio_encoder;

    public ClapAudioModel(ClapAudioConfig cfg) : base("ClapAudioModel")
    {
        audio_encoder = new HtsatEncoder(cfg);
        RegisterComponents();
    }

    public HtsatEncoder Encoder => audio_encoder;
    public AudioEncoderOutput forward(Tensor features, Tensor? isLonger, bool outputHiddenStates = false) =>
        audio_encoder.forward(features, isLonger, outputHiddenStates);
}
