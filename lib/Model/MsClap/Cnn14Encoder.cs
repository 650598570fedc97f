using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HumanClap.Model.MsClap;

/// <summary>What <see cref="Cnn14Encoder"/> computes from a batch of bn0 outputs.</summary>
/// <param name="Embedding">(B, fc1 width): <c>relu(fc1(pooled))</c>, the input of msclap's audio projection.</param>
/// <param name="ClipwiseOutput">(B, classes): <c>sigmoid(fc_audioset(embedding))</c>; CLAP scores skip it.</param>
/// <param name="Pooled">(B, last width): <c>max_t + mean_t</c> of the mel-averaged last block, the fc1 input.</param>
/// <param name="BlockOutputs">Each ConvBlock's output after its pooling, when asked for (tests, diagnostics).</param>
internal sealed record Cnn14Output(Tensor Embedding, Tensor ClipwiseOutput, Tensor Pooled,
    IReadOnlyList<Tensor>? BlockOutputs);

/// <summary>PANNs' ConvBlock as msclap's Cnn14 uses it (<c>conv_blockN</c>): two 3x3 convolutions without bias,
/// each followed by eval-mode BatchNorm and ReLU, then average pooling.</summary>
internal sealed class Cnn14ConvBlock : nn.Module<Tensor, Tensor>
{
    private readonly GuardedConv2d conv1, conv2;
    private readonly BatchNorm2d bn1, bn2;
    private readonly long[] _pool;

    /// <param name="pool">Average-pooling kernel (time, mel): 2x2 for blocks 1-5, 1x1 (none) for block 6.</param>
    public Cnn14ConvBlock(long inChannels, long outChannels, long pool) : base("Cnn14ConvBlock")
    {
        conv1 = new GuardedConv2d(inChannels, outChannels, kernelSize: 3, padding: 1, bias: false);
        conv2 = new GuardedConv2d(outChannels, outChannels, kernelSize: 3, padding: 1, bias: false);
        bn1 = nn.BatchNorm2d(outChannels);
        bn2 = nn.BatchNorm2d(outChannels);
        _pool = [pool, pool];
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = nn.functional.relu(bn1.forward(conv1.forward(x)));
        h = nn.functional.relu(bn2.forward(conv2.forward(h)));
        // A 1x1 average pool is the identity; skipping it keeps block 6 bit-identical to msclap's.
        if (_pool[0] > 1) h = nn.functional.avg_pool2d(h, _pool);
        return h.MoveToOuterDisposeScope();
    }
}

/// <summary>
/// msclap 2022's audio encoder (<c>audio_encoder.base</c>, PANNs Cnn14) after its front end: six ConvBlocks
/// (2x2 average pooling after blocks 1-5), mean over mel, <c>max_t + mean_t</c>, <c>relu(fc1)</c> = the
/// embedding, <c>sigmoid(fc_audioset)</c> = the clip-wise tags. Dropout and SpecAugment are training-only in
/// msclap and absent here. The torchlibrosa front end (<c>spectrogram_extractor</c>, <c>logmel_extractor</c>,
/// <c>bn0</c>) lives in the same state-dict folder but belongs to the shared front-end code: attach it with
/// <see cref="AttachFrontEnd"/> so its keys sit beside <c>conv_block1</c> as in msclap's checkpoint.
/// </summary>
internal sealed class Cnn14Encoder : nn.Module
{
    /// <summary>Channel widths of the published Cnn14 (and msclap's <c>CLAP_weights_2022.pth</c>).</summary>
    public static readonly IReadOnlyList<int> PublishedWidths = [64, 128, 256, 512, 1024, 2048];
    public const int PublishedEmbeddingSize = 2048;
    public const int PublishedClasses = 527;

    private readonly Cnn14ConvBlock conv_block1, conv_block2, conv_block3, conv_block4, conv_block5, conv_block6;
    private readonly Linear fc1, fc_audioset;
    private Func<Tensor, Tensor>? _toBn0;

    /// <summary>Frames and mel bins that survive the five 2x2 poolings.</summary>
    public const int MinimumSize = 32;

    /// <param name="widths">Output channels of the six ConvBlocks (the first takes the single log-mel channel).</param>
    /// <param name="embeddingSize">fc1's output width (msclap's <c>out_emb</c>).</param>
    /// <param name="classes">fc_audioset's output width (AudioSet: 527).</param>
    public Cnn14Encoder(IReadOnlyList<int> widths, int embeddingSize, int classes) : base("Cnn14Encoder")
    {
        if (widths.Count != 6) throw new ArgumentException($"Cnn14 has 6 conv blocks, got {widths.Count} widths");
        Cnn14ConvBlock Block(int i) => new(i == 0 ? 1 : widths[i - 1], widths[i], pool: i < 5 ? 2 : 1);
        (conv_block1, conv_block2, conv_block3) = (Block(0), Block(1), Block(2));
        (conv_block4, conv_block5, conv_block6) = (Block(3), Block(4), Block(5));
        fc1 = nn.Linear(widths[5], embeddingSize);
        fc_audioset = nn.Linear(embeddingSize, classes);
        RegisterComponents();
    }

    /// <summary>Registers the front end's modules as direct children (their state-dict keys become
    /// <c>{name}.…</c> beside <c>conv_block1</c>) and the function taking waveforms to bn0 outputs.</summary>
    public void AttachFrontEnd(Func<Tensor, Tensor> waveformToBn0, params (string Name, nn.Module Module)[] children)
    {
        foreach (var (name, module) in children) register_module(name, module);
        _toBn0 = waveformToBn0;
    }

    /// <summary>Waveforms (B, samples) through the attached front end and the CNN.</summary>
    public Cnn14Output forward(Tensor waveform, bool keepBlockOutputs = false)
    {
        if (_toBn0 is null)
            throw new InvalidOperationException("Cnn14Encoder has no front end: call AttachFrontEnd or ForwardFromBn0");
        using var bn0 = _toBn0(waveform);
        return ForwardFromBn0(bn0, keepBlockOutputs);
    }

    /// <param name="bn0">(B, 1, frames, mel): the log-mel after bn0, as msclap feeds conv_block1.</param>
    /// <param name="keepBlockOutputs">Also return the six block outputs (memory: the first is the size of bn0 x
    /// widths[0] / 4).</param>
    public Cnn14Output ForwardFromBn0(Tensor bn0, bool keepBlockOutputs = false)
    {
        if (bn0.dim() != 4 || bn0.shape[1] != 1)
            throw new ArgumentException($"Cnn14 expects (batch, 1, frames, mel), got [{string.Join(", ", bn0.shape)}]");
        if (bn0.shape[2] < MinimumSize || bn0.shape[3] < MinimumSize)
            throw new ArgumentException($"Cnn14 halves frames and mel bins five times: it needs at least " +
                $"{MinimumSize} of each, got {bn0.shape[2]} x {bn0.shape[3]} (msclap pads clips to 5 s = 690)");
        using var scope = NewDisposeScope();
        var blocks = new List<Tensor>(6);
        var x = bn0;
        foreach (var block in new[] { conv_block1, conv_block2, conv_block3, conv_block4, conv_block5, conv_block6 })
        {
            var next = block.forward(x);
            if (keepBlockOutputs) blocks.Add(next);
            else if (!ReferenceEquals(x, bn0)) x.Dispose(); // free each block's output once the next one exists
            x = next;
        }
        var perFrame = x.mean([3]);                                  // (B, C, T): average over mel
        var pooled = perFrame.max(2).values.add(perFrame.mean([2])); // max over time + mean over time
        var embedding = nn.functional.relu(fc1.forward(pooled));
        var clipwise = fc_audioset.forward(embedding).sigmoid();
        var output = new Cnn14Output(embedding, clipwise, pooled, keepBlockOutputs ? blocks : null);
        embedding.MoveToOuterDisposeScope();
        clipwise.MoveToOuterDisposeScope();
        pooled.MoveToOuterDisposeScope();
        if (keepBlockOutputs) foreach (var b in blocks) b.MoveToOuterDisposeScope();
        return output;
    }
}
