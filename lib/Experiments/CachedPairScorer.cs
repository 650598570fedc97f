using HumanClap.Model;
using HumanClap.Text;
using HumanClap.Training;
using static TorchSharp.torch;

namespace HumanClap.Experiments;

/// <summary>Cosine similarity of (clip, text) pairs from cached features, in inference mode and batches, so evaluating
/// a model on the test set costs no audio decoding and memory does not grow with the number of batches.</summary>
public static class CachedPairScorer
{
    public static double[] Cosines(ClapModel model, ClapTokenizer tokenizer, FeatureCache cache,
        IReadOnlyList<(string AudioId, string Text)> pairs, int batchSize = 16)
    {
        var device = model.parameters().First().device;
        model.eval();
        var result = new double[pairs.Count];
        for (int start = 0; start < pairs.Count; start += batchSize)
        {
            var batch = pairs.Skip(start).Take(batchSize).ToList();
            using var scope = NewDisposeScope();
            using var _ = inference_mode();
            var (features, longer) = cache.Batch(batch.Select(p => p.AudioId).ToList());
            using var tokens = tokenizer.Encode(batch.Select(p => p.Text).ToList(), TextPadding.Longest);
            var a = model.EncodeAudio(features.to(device), longer.to(device)).Embeds;
            var t = model.EncodeText(tokens.InputIds.to(device), tokens.AttentionMask.to(device)).Embeds;
            var cos = a.mul(t).sum(1).to(ScalarType.Float64).cpu().data<double>().ToArray();
            cos.CopyTo(result, start);
        }
        return result;
    }
}
