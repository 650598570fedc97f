using HumanClap.Model.Audio;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HumanClap.Model.MsClap;

/// <summary>What msclap's HTSAT returns for a batch: the pre-projection embedding (<c>latent_output</c>) and the
/// tscam head's clip-wise tag probabilities; the intermediate stages when asked for.</summary>
internal sealed record HtsatOutput(Tensor Embedding, Tensor ClipwiseOutput, HtsatStages? Stages);

/// <summary>Intermediate tensors in msclap's layout (tests, diagnostics).</summary>
internal sealed record HtsatStages(Tensor Bn0, Tensor Image, Tensor PatchEmbed, IReadOnlyList<Tensor> Layers,
    Tensor FinalNorm);

/// <summary>
/// msclap 2023's HTSAT (<c>audio_encoder.base.htsat</c>, HTSAT_Swin_Transformer with enable_tscam): the
/// torchlibrosa front end, the mel → 256x256 image fold (bicubic, align_corners, freq_ratio 4), patch embedding,
/// four Swin stages, final LayerNorm; embedding = mean of the final tokens, clip-wise output = the tscam conv
/// (kernel (c_freq_bin, 3), padding (0, 1)) averaged over time, sigmoid. The Swin pieces and the image fold are
/// the Hugging Face port's (<see cref="SwinLayout.MsClap"/> names: fused qkv, norm1/norm2, mlp.fc1/fc2).
/// </summary>
internal sealed class MsClapHtsat : nn.Module
{
    private readonly PatchEmbed patch_embed;
    private readonly ModuleList<SwinStage> layers;
    private readonly LayerNorm norm;
    private readonly GuardedConv2d tscam_conv;
    // Built by msclap's HTSAT but never called with enable_tscam; present so its keys load.
    private readonly Linear head;
    // Not a registered child: its parts are registered under msclap's names (see TorchLibrosaFrontEnd).
    private readonly TorchLibrosaFrontEnd? _frontEnd;
    private readonly int _specSize, _freqRatio, _patchStride;


    /// <param name="htsat">Constructor values (embed dim, depths, heads, window, classes).</param>
    /// <param name="melBins">Mel bins of the front end (64).</param>
    public MsClapHtsat(MsClapHtsatSettings htsat, int melBins) : base("MsClapHtsat")
    {
        var cfg = AsSwinConfig(htsat, melBins);
        _specSize = htsat.SpecSize;
        _freqRatio = htsat.SpecSize / melBins;
        _patchStride = htsat.PatchStride[0];
        patch_embed = new PatchEmbed(cfg);
        int grid = htsat.SpecSize / htsat.PatchStride[0];
        layers = nn.ModuleList(Enumerable.Range(0, htsat.Depths.Length).Select(i =>
            new SwinStage(htsat.EmbedDim << i, htsat.Depths[i], htsat.NumHeads[i], (grid >> i, grid >> i), cfg,
                downsampleAtEnd: i < htsat.Depths.Length - 1, SwinLayout.MsClap)).ToArray());
        int features = NumFeatures = htsat.NumFeatures;
        norm = nn.LayerNorm(features, 1e-5);
        int cFreqBin = FinalGrid(htsat) / _freqRatio;
        tscam_conv = new GuardedConv2d(features, htsat.NumClasses, (cFreqBin, 3), padding: (0, 1));
        head = nn.Linear(htsat.NumClasses, htsat.NumClasses);
        // Registering the fields first, while _frontEnd is still unset, keeps the front end itself out of the
        // state dict; its parts then join under their own names.
        RegisterComponents();
        _frontEnd = new TorchLibrosaFrontEnd(melBins);
        _frontEnd.RegisterIn(this);
    }

    public TorchLibrosaFrontEnd FrontEnd => _frontEnd!;

    /// <summary>Width of the final tokens (embed_dim · 2^(stages-1)): the embedding size, msclap's out_emb.</summary>
    public int NumFeatures { get; }

    private static int FinalGrid(MsClapHtsatSettings h) => h.SpecSize / h.PatchStride[0] >> (h.Depths.Length - 1);

    /// <summary>The Hugging Face HTSAT settings that build the same patch embedding and Swin stages.</summary>
    private static ClapAudioConfig AsSwinConfig(MsClapHtsatSettings h, int melBins) => new()
    {
        SpecSize = h.SpecSize, NumMelBins = melBins, PatchSize = h.PatchSize, PatchStride = h.PatchStride,
        PatchEmbedInputChannels = h.InChans, PatchEmbedsHiddenSize = h.EmbedDim, Depths = h.Depths,
        NumAttentionHeads = h.NumHeads, WindowSize = h.WindowSize, MlpRatio = h.MlpRatio, QkvBias = h.QkvBias,
        EnablePatchLayerNorm = h.PatchNorm, FlattenPatchEmbeds = true, LayerNormEps = 1e-5,
        HiddenSize = h.NumFeatures,
    };

    /// <param name="waveform">(B, T) at 44.1 kHz.</param>
    public HtsatOutput forward(Tensor waveform, bool keepStages = false)
    {
        using var scope = NewDisposeScope();
        var bn0 = FrontEnd.forward(waveform);
        var image = ToImage(bn0);
        var patches = PatchEmbedding(image);
        var stages = new List<Tensor>();
        var x = patches;
        for (int i = 0; i < layers.Count; i++) stages.Add(x = Layer(i, x));
        var final = FinalNorm(x);
        var (embedding, clipwise) = Heads(final);
        var output = new HtsatOutput(embedding, clipwise,
            keepStages ? new HtsatStages(bn0, image, patches, stages, final) : null);
        embedding.MoveToOuterDisposeScope();
        clipwise.MoveToOuterDisposeScope();
        if (keepStages)
            foreach (var t in new[] { bn0, image, patches, final }.Concat(stages)) t.MoveToOuterDisposeScope();
        return output;
    }

    /// <summary>msclap's reshape_wav2img: (B, 1, frames, mel) → (B, 1, spec, spec).</summary>
    public Tensor ToImage(Tensor bn0) => HtsatEncoder.MelToImage(bn0, _specSize, _freqRatio);

    /// <summary>(B, 1, spec, spec) → (B, tokens, embed).</summary>
    public Tensor PatchEmbedding(Tensor image) => patch_embed.forward(image, null);

    /// <summary>Stage <paramref name="i"/> (its blocks and, but for the last, its patch merging).</summary>
    public Tensor Layer(int i, Tensor tokens)
    {
        int grid = _specSize / _patchStride >> i;
        return layers[i].forward(tokens, grid, grid).Hidden;
    }

    public Tensor FinalNorm(Tensor tokens) => norm.forward(tokens);

    /// <summary>From the final-norm tokens: embedding = mean over tokens; clip-wise = sigmoid of the tscam conv over
    /// the regrouped (B, C, c_freq_bin, time) map, averaged over time.</summary>
    public (Tensor Embedding, Tensor ClipwiseOutput) Heads(Tensor finalNorm)
    {
        using var scope = NewDisposeScope();
        int grid = (int)Math.Round(Math.Sqrt(finalNorm.shape[1]));
        var grouped = HtsatEncoder.GroupedLayout(finalNorm, grid, grid, _freqRatio);
        var embedding = grouped.flatten(2).mean(new long[] { 2 });
        var logits = tscam_conv.forward(grouped).flatten(2).mean(new long[] { 2 });
        return (embedding.MoveToOuterDisposeScope(), logits.sigmoid().MoveToOuterDisposeScope());
    }
}

/// <summary>msclap's <c>HTSATWrapper</c> (<c>audio_encoder.base</c>): holds <c>htsat</c>.</summary>
internal sealed class MsClapHtsatWrapper : nn.Module
{
    private readonly MsClapHtsat htsat;

    public MsClapHtsatWrapper(MsClapHtsat htsat) : base("MsClapHtsatWrapper")
    {
        this.htsat = htsat;
        RegisterComponents();
    }

    public MsClapHtsat Htsat => htsat;
}
