using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HumanClap.Model.MsClap;

/// <summary>torchlibrosa's <c>STFT</c> (<c>stft</c>): the DFT as two bias-free strided conv1d whose kernels
/// (windowed cos / -sin, <c>conv_real</c> / <c>conv_imag</c>) are loaded from the checkpoint.</summary>
internal sealed class TorchLibrosaStft : nn.Module
{
    private readonly Conv1d conv_real, conv_imag;

    public TorchLibrosaStft(int nFft, int hop) : base("TorchLibrosaStft")
    {
        conv_real = nn.Conv1d(1, nFft / 2 + 1, nFft, stride: hop, bias: false);
        conv_imag = nn.Conv1d(1, nFft / 2 + 1, nFft, stride: hop, bias: false);
        RegisterComponents();
    }

    /// <param name="padded">(B, 1, samples) already centre-padded.</param>
    /// <returns>real and imaginary parts, each (B, bins, frames).</returns>
    public (Tensor Real, Tensor Imag) forward(Tensor padded) => (conv_real.forward(padded), conv_imag.forward(padded));
}

/// <summary>torchlibrosa's <c>Spectrogram</c> (<c>spectrogram_extractor</c>): reflect padding of n_fft/2 at both
/// ends (center=True), STFT, power spectrogram real² + imag².</summary>
internal sealed class TorchLibrosaSpectrogram : nn.Module<Tensor, Tensor>
{
    private readonly TorchLibrosaStft stft;
    private readonly int _pad;

    public TorchLibrosaSpectrogram(int nFft, int hop) : base("TorchLibrosaSpectrogram")
    {
        stft = new TorchLibrosaStft(nFft, hop);
        _pad = nFft / 2;
        RegisterComponents();
    }

    /// <param name="waveform">(B, samples)</param>
    /// <returns>(B, 1, frames, bins) power spectrogram.</returns>
    public override Tensor forward(Tensor waveform)
    {
        using var scope = NewDisposeScope();
        var padded = nn.functional.pad(waveform.unsqueeze(1), new long[] { _pad, _pad }, PaddingModes.Reflect);
        var (real, imag) = stft.forward(padded);
        var power = real.square().add(imag.square());
        return power.unsqueeze(1).transpose(2, 3).MoveToOuterDisposeScope();
    }
}

/// <summary>torchlibrosa's <c>LogmelFilterBank</c> (<c>logmel_extractor</c>): spec @ melW, then
/// 10·log10(max(·, 1e-10)) with ref 1 and no top_db. <c>melW</c> [bins, mel] comes from the checkpoint.</summary>
internal sealed class TorchLibrosaLogmel : nn.Module<Tensor, Tensor>
{
    private const float Amin = 1e-10f;
    private readonly Parameter melW;

    public TorchLibrosaLogmel(int bins, int mel) : base("TorchLibrosaLogmel")
    {
        melW = nn.Parameter(zeros(bins, mel), requires_grad: false);
        RegisterComponents();
    }

    public override Tensor forward(Tensor power)
    {
        using var scope = NewDisposeScope();
        return power.matmul(melW).clamp_min(Amin).log10().mul(10f).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// The torchlibrosa front end both msclap versions run inside their audio encoder (HTSAT 2023, Cnn14 2022):
/// waveform (B, T) at 44.1 kHz → power spectrogram → log-mel → <c>bn0</c> (eval BatchNorm over the mel axis)
/// → (B, 1, frames, mel), frames = T / hop + 1. Window 1024, hop 320 in both versions; the STFT kernels and the
/// mel matrix (2023: built for 32 kHz, 50-14000 Hz; 2022: 44.1 kHz) are read from the checkpoint.
/// <para>msclap's keys put the three parts beside the encoder's own layers (<c>…base.htsat.bn0</c> next to
/// <c>…base.htsat.patch_embed</c>), so an encoder registers <see cref="StateDictChildren"/> as its own children
/// (under these names) and keeps <see cref="forward"/> as a function, not as a child module.</para>
/// </summary>
internal sealed class TorchLibrosaFrontEnd : nn.Module<Tensor, Tensor>
{
    public const int NFft = 1024, Hop = 320;

    private readonly TorchLibrosaSpectrogram spectrogram_extractor;
    private readonly TorchLibrosaLogmel logmel_extractor;
    private readonly BatchNorm2d bn0;

    public TorchLibrosaFrontEnd(int melBins, int nFft = NFft, int hop = Hop) : base("TorchLibrosaFrontEnd")
    {
        spectrogram_extractor = new TorchLibrosaSpectrogram(nFft, hop);
        logmel_extractor = new TorchLibrosaLogmel(nFft / 2 + 1, melBins);
        bn0 = nn.BatchNorm2d(melBins);
        RegisterComponents();
    }

    /// <summary>The parts under their state-dict names, for the owning encoder to register.</summary>
    public (string Name, nn.Module Module)[] StateDictChildren =>
        [("spectrogram_extractor", spectrogram_extractor), ("logmel_extractor", logmel_extractor), ("bn0", bn0)];

    /// <summary>Registers the parts as children of <paramref name="owner"/> under their msclap names.</summary>
    public void RegisterIn(nn.Module owner)
    {
        foreach (var (name, module) in StateDictChildren) owner.register_module(name, module);
    }

    public Tensor Spectrogram(Tensor waveform) => spectrogram_extractor.forward(waveform);
    public Tensor Logmel(Tensor power) => logmel_extractor.forward(power);

    /// <summary>bn0 over the mel axis: (B, 1, frames, mel) → mel moved to the channel axis and back.</summary>
    public Tensor Bn0(Tensor logmel) => bn0.forward(logmel.transpose(1, 3)).transpose(1, 3);

    /// <param name="waveform">(B, T) float32 at 44.1 kHz.</param>
    /// <returns>bn0 output (B, 1, frames, mel).</returns>
    public override Tensor forward(Tensor waveform)
    {
        using var scope = NewDisposeScope();
        return Bn0(Logmel(Spectrogram(waveform))).MoveToOuterDisposeScope();
    }
}
