using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace HumanClap.Model.Text;

/// <summary>RoBERTa embeddings (<c>text_model.embeddings</c>): word + position + token type, LayerNorm, dropout.
/// Positions count real tokens from padding_idx+1, so padding never shifts them.</summary>
internal sealed class RobertaEmbeddings : nn.Module
{
    private readonly Embedding word_embeddings, position_embeddings, token_type_embeddings;
    [ComponentName(Name = "LayerNorm")] private readonly LayerNorm layer_norm;
    private readonly Dropout dropout;
    // Both are saved in HF checkpoints, so they are persistent buffers here.
    private readonly Tensor position_ids, token_type_ids;
    private readonly long _pad;

    public RobertaEmbeddings(ClapTextConfig cfg) : base("RobertaEmbeddings")
    {
        _pad = cfg.PadTokenId;
        word_embeddings = nn.Embedding(cfg.VocabSize, cfg.HiddenSize, padding_idx: cfg.PadTokenId);
        position_embeddings = nn.Embedding(cfg.MaxPositionEmbeddings, cfg.HiddenSize, padding_idx: cfg.PadTokenId);
        token_type_embeddings = nn.Embedding(cfg.TypeVocabSize, cfg.HiddenSize);
        layer_norm = nn.LayerNorm(cfg.HiddenSize, cfg.LayerNormEps);
        dropout = nn.Dropout(cfg.HiddenDropoutProb);
        position_ids = arange(cfg.MaxPositionEmbeddings, ScalarType.Int64).unsqueeze(0);
        token_type_ids = zeros(1, cfg.MaxPositionEmbeddings, ScalarType.Int64);
        RegisterComponents();
    }

    public Tensor forward(Tensor inputIds)
    {
        long len = inputIds.shape[1];
        if (len > position_embeddings.weight!.shape[0] - _pad - 1)
            throw new ArgumentException($"token sequence of length {len} is longer than the model's " +
                $"{position_embeddings.weight!.shape[0] - _pad - 1} positions");
        var mask = inputIds.ne(_pad).to(ScalarType.Int64);
        var positions = cumsum(mask, 1).mul(mask).add(_pad);
        var types = token_type_ids[.., ..(int)len].expand(inputIds.shape[0], len);
        var e = word_embeddings.forward(inputIds)
            .add(token_type_embeddings.forward(types))
            .add(position_embeddings.forward(positions));
        return dropout.forward(layer_norm.forward(e));
    }
}
