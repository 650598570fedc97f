using HumanClap.Model;
using HumanClap.Scoring;
using HumanClap.Text;
using HumanClap.Training;
using static TorchSharp.torch;

namespace HumanClap.Experiments;

/// <summary>Cosine similarity of (clip, text) pairs from cached features, in inference mode and batches, so evaluating
/// a model on the test set costs no audio decoding. Each unique clip and text is encoded once (a clip rated against
/// several texts, a prompt heard from several systems), then every pair is scored from the embeddings with the
/// library's one cosine (<see cref="ClapScorer.RowCosines(IReadOnlyList{float[]}, IReadOnlyList{float[]})"/>);
/// memory holds the embeddings and one batch of features.</summary>
internal static class CachedPairScorer
{
    public static double[] Cosines(ClapModel model, ClapTokenizer tokenizer, FeatureCache cache,
        IReadOnlyList<(string AudioId, string Text)> pairs, int batchSize = 16)
    {
        var device = model.parameters().First().device;
        model.eval();
        var audio = EmbedUnique(pairs.Select(p => p.AudioId), batchSize, ids =>
        {
            var (features, longer) = cache.Batch(ids);
            return model.EncodeAudio(features.to(device), longer.to(device)).Embeds;
        });
        var text = EmbedUnique(pairs.Select(p => p.Text), batchSize, texts =>
        {
            var tokens = tokenizer.Encode(texts, TextPadding.Longest);
            return model.EncodeText(tokens.InputIds.to(device), tokens.AttentionMask.to(device)).Embeds;
        });
        return ClapScorer.RowCosines(pairs.Select(p => audio[p.AudioId]).ToList(),
            pairs.Select(p => text[p.Text]).ToList());
    }

    /// <summary>One embedding per distinct key (in first-seen order, <paramref name="batchSize"/> keys a batch),
    /// each batch in its own dispose scope so memory does not grow with the number of batches.</summary>
    private static Dictionary<string, float[]> EmbedUnique(IEnumerable<string> keys, int batchSize,
        Func<List<string>, Tensor> embed)
    {
        var result = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var batch in keys.Distinct(StringComparer.Ordinal).Chunk(batchSize))
        {
            using var scope = NewDisposeScope();
            using var _ = inference_mode();
            var embeds = embed(batch.ToList()).to(ScalarType.Float32).cpu().contiguous();
            var data = embeds.data<float>().ToArray();
            int d = (int)embeds.shape[1];
            for (int i = 0; i < batch.Length; i++) result[batch[i]] = data.AsSpan(i * d, d).ToArray();
        }
        return result;
    }
}
