using TorchSharp;
using static TorchSharp.torch;

namespace HumanClap.Text;

/// <summary>How a batch of token sequences is padded.</summary>
internal enum TextPadding
{
    /// <summary>Pad every row to the fixed maximum length (77 for CLAP), as LAION does.</summary>
    MaxLength,
    /// <summary>Pad every row to the longest sequence in the batch (after truncation).</summary>
    Longest,
}

/// <summary>
/// Token ids and attention mask of a batch of texts, both int64 of shape (B, L), and for BERT-style encoders the
/// segment ids (all zeros for single texts). Owns its tensors: dispose it (or move the tensors out) when done.
/// </summary>
internal sealed record TokenBatch(Tensor InputIds, Tensor AttentionMask, Tensor? TokenTypeIds = null) : IDisposable
{
    /// <summary>Rows right-padded with <paramref name="padId"/> to <paramref name="width"/> columns; mask 1 on the
    /// real tokens. <paramref name="withTokenTypeIds"/> adds zero segment ids of the same shape.</summary>
    /// <exception cref="ArgumentException">A row is longer than <paramref name="width"/> (named).</exception>
    public static TokenBatch Pad(IReadOnlyList<IReadOnlyList<int>> rows, int width, int padId,
        bool withTokenTypeIds = false)
    {
        var ids = new long[rows.Count * width];
        var mask = new long[rows.Count * width];
        Array.Fill(ids, padId);
        for (int i = 0; i < rows.Count; i++)
        {
            if (rows[i].Count > width)
                throw new ArgumentException($"row {i} has {rows[i].Count} tokens, more than the {width} columns");
            for (int j = 0; j < rows[i].Count; j++)
            {
                ids[i * width + j] = rows[i][j];
                mask[i * width + j] = 1;
            }
        }
        long[] shape = [rows.Count, width];
        return new TokenBatch(torch.tensor(ids, shape, ScalarType.Int64), torch.tensor(mask, shape, ScalarType.Int64),
            withTokenTypeIds ? torch.zeros(shape, ScalarType.Int64) : null);
    }

    /// <summary>Disposes the tensors.</summary>
    public void Dispose()
    {
        InputIds.Dispose();
        AttentionMask.Dispose();
        TokenTypeIds?.Dispose();
    }
}

/// <summary>Some rows of a caller's text list (<see cref="Rows"/>, in order) and their token batch.</summary>
internal sealed record TokenBatchGroup(int[] Rows, TokenBatch Batch);

/// <summary>msclap's batching: texts that fit <c>text_len</c> are padded to it in one batch; msclap does not
/// truncate, and a longer text makes its whole batch fail, so here each longer text is its own unpadded
/// batch.</summary>
internal static class FixedLengthBatching
{
    /// <returns>At most one padded group (the fitting rows), then one group per longer row.</returns>
    public static IReadOnlyList<TokenBatchGroup> Group(IReadOnlyList<IReadOnlyList<int>> rows, int textLength,
        int padId, bool withTokenTypeIds = false)
    {
        var fitting = Enumerable.Range(0, rows.Count).Where(i => rows[i].Count <= textLength).ToArray();
        var groups = new List<TokenBatchGroup>();
        if (fitting.Length > 0)
            groups.Add(new TokenBatchGroup(fitting,
                TokenBatch.Pad(fitting.Select(i => rows[i]).ToList(), textLength, padId, withTokenTypeIds)));
        foreach (var i in Enumerable.Range(0, rows.Count).Where(i => rows[i].Count > textLength))
            groups.Add(new TokenBatchGroup([i], TokenBatch.Pad([rows[i]], rows[i].Count, padId, withTokenTypeIds)));
        return groups;
    }
}
