using System;
using DyT.Generation;
using static TorchSharp.torch;

namespace DyT.Blocks;

/// <summary>
/// The checks a generated LLaMA makes of its token input before anything runs, each naming what it expected and what
/// it got: the shape, integer ids inside the vocabulary (an embedding lookup out of range is otherwise a native
/// "index out of range" error), a cache with the model's layer count, and positions that fit MaxSeqLen and the cache.
/// </summary>
public static class TokenInput
{
    /// <summary>Throws an <see cref="ArgumentException"/> unless <paramref name="tokens"/> can run at the cache's next positions.</summary>
    /// <param name="tokens">Token ids (B, T).</param>
    /// <param name="vocabSize">The model's vocabulary size: ids must be in [0, vocabSize).</param>
    /// <param name="maxSeqLen">The model's MaxSeqLen: positions must be below it.</param>
    /// <param name="layers">The model's decoder layers: a cache must have as many.</param>
    /// <param name="cache">The cache the tokens continue, whose <see cref="KvCache.Length"/> is their first position; null: positions 0..T-1.</param>
    public static void Check(Tensor tokens, int vocabSize, int maxSeqLen, int layers, KvCache? cache = null)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (tokens.dim() != 2 || tokens.shape[1] == 0 || tokens.shape[1] > maxSeqLen)
            throw new ArgumentException(
                $"expects tokens of shape (B, T) with 1 <= T <= {maxSeqLen} (MaxSeqLen); got ({string.Join(", ", tokens.shape)}).", nameof(tokens));
        if (tokens.dtype is not (ScalarType.Int64 or ScalarType.Int32))
            throw new ArgumentException($"expects integer token ids (Int64 or Int32); got {tokens.dtype}.", nameof(tokens));
        long batch = tokens.shape[0], count = tokens.shape[1];
        if (cache is not null)
        {
            // Checked here, before layer 0 writes: a cache with fewer layers would fail only at the first layer it
            // lacks, naming an index, and one with more would be filled in part without a word.
            if (cache.LayerCount != layers)
                throw new ArgumentException(
                    $"cache has {cache.LayerCount} layer(s); the model has {layers} (KvCache.For sizes a cache for a model).", nameof(cache));
            if (cache.Length + count > maxSeqLen)
                throw new ArgumentException(
                    $"expects positions below {maxSeqLen} (MaxSeqLen); the cache holds {cache.Length} and {count} more token(s) would reach position {cache.Length + count - 1}.",
                    nameof(tokens));
            cache.RequireRoom(batch, count);
        }
        using var scope = NewDisposeScope();
        var outside = tokens.lt(0).logical_or_(tokens.ge(vocabSize));
        if (!outside.any().item<bool>()) return;
        var where = outside.nonzero();
        long row = where[0, 0].item<long>(), column = where[0, 1].item<long>();
        throw new ArgumentException(
            $"expects token ids in [0, {vocabSize}) (VocabSize); got {tokens[row, column].item<long>()} at [{row}, {column}].", nameof(tokens));
    }
}
