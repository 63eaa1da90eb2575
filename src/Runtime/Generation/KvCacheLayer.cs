using System;
using static TorchSharp.torch;

namespace DyT.Generation;

/// <summary>One decoder layer's part of a <see cref="KvCache"/>: keys and values (B, key/value heads, capacity, D).</summary>
public sealed class KvCacheLayer : IDisposable
{
    private readonly KvCache cache;
    private readonly Tensor keys;
    private readonly Tensor values;

    internal KvCacheLayer(KvCache cache, int index, Tensor keys, Tensor values) => (this.cache, Index, this.keys, this.values) = (cache, index, keys, values);

    /// <summary>Which decoder layer this is.</summary>
    public int Index { get; }

    /// <summary>
    /// Positions filled so far (the cache's <see cref="KvCache.Length"/>): where the attention layer's new tokens must
    /// start, which it checks its rotary angles against.
    /// </summary>
    internal long Length => cache.Length;

    /// <summary>
    /// Writes the keys and values of T new tokens (B, key/value heads, T, D) at positions <see cref="KvCache.Length"/>..
    /// and returns views of every position so far, 0 .. Length + T - 1, for attention. The returned views share the
    /// cache's memory; the caller disposes them (a dispose scope does). The cache holds values only: no gradient flows
    /// back through it to <paramref name="newKeys"/> or <paramref name="newValues"/>.
    /// </summary>
    public (Tensor Keys, Tensor Values) Append(Tensor newKeys, Tensor newValues)
    {
        long start = cache.Length, tokens = newKeys.shape.Length == 4 ? newKeys.shape[2] : 0;
        var expected = $"({cache.Batch}, {cache.KvHeads}, T, {cache.HeadDim})";
        foreach (var (tensor, name) in new[] { (newKeys, nameof(newKeys)), (newValues, nameof(newValues)) })
        {
            if (tensor.dim() != 4 || tensor.shape[0] != cache.Batch || tensor.shape[1] != cache.KvHeads || tensor.shape[2] != tokens || tensor.shape[3] != cache.HeadDim)
                throw new ArgumentException($"layer {Index}'s cache takes {name} of shape {expected}; got ({string.Join(", ", tensor.shape)}).", name);
            if (tensor.dtype != cache.DType)
                throw new ArgumentException(
                    $"layer {Index}'s cache holds {cache.DType}; got {name} of {tensor.dtype} (create the cache after moving the model to its dtype).", name);
        }
        cache.RequireRoom(cache.Batch, tokens);
        // The cache takes no part in autograd: a copy_ recorded with grad mode on would make the cache a node of this
        // forward's graph, and the next forward's backward would run into it after this one's backward freed it.
        using (no_grad())
        {
            using (var keySlots = keys.narrow(2, start, tokens)) keySlots.copy_(newKeys);
            using (var valueSlots = values.narrow(2, start, tokens)) valueSlots.copy_(newValues);
        }
        return (keys.narrow(2, 0, start + tokens), values.narrow(2, 0, start + tokens));
    }

    /// <summary>Frees this layer's keys and values.</summary>
    public void Dispose()
    {
        keys.Dispose();
        values.Dispose();
    }
}
