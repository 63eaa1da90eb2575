using System;
using System.Linq;
using DyT.Declarations;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Generation;

/// <summary>
/// The keys and values of the tokens a decoder has seen, per layer, preallocated up to <see cref="Capacity"/>
/// positions so decoding never grows a tensor: each forward writes its tokens' keys and values at positions
/// <see cref="Length"/>.. and attends to positions 0 .. <see cref="Length"/> + T - 1. Prefill a prompt with one
/// forward, then decode token by token. For inference: the cache takes no part in autograd.
/// </summary>
/// <remarks>
/// Memory: 2 x layers x batch x key/value heads x capacity x head dimension elements of the model's dtype (Llama 3.1
/// 8B in bfloat16 at 8,192 positions: 1 GiB). The tensors belong to the cache, not to any dispose scope; dispose the
/// cache to free them.
/// </remarks>
public sealed class KvCache : IDisposable
{
    private readonly KvCacheLayer[] layers;

    /// <summary>Allocates an empty cache.</summary>
    /// <param name="layers">Decoder layers.</param>
    /// <param name="batch">Sequences decoded together.</param>
    /// <param name="kvHeads">Key/value heads per layer.</param>
    /// <param name="headDim">Width of each head.</param>
    /// <param name="capacity">The most positions the cache holds (prompt and generated tokens).</param>
    /// <param name="dtype">The model's floating-point dtype.</param>
    /// <param name="device">The model's device; null for the CPU.</param>
    public KvCache(int layers, long batch, long kvHeads, long headDim, long capacity, ScalarType dtype = ScalarType.Float32, Device? device = null)
    {
        Positive(layers, nameof(layers));
        Positive(batch, nameof(batch));
        Positive(kvHeads, nameof(kvHeads));
        Positive(headDim, nameof(headDim));
        Positive(capacity, nameof(capacity));
        if (dtype is not (ScalarType.Float32 or ScalarType.Float64 or ScalarType.Float16 or ScalarType.BFloat16))
            throw new ArgumentException($"dtype must be a floating-point type (the model's); got {dtype}.", nameof(dtype));
        (Batch, KvHeads, HeadDim, Capacity, DType) = (batch, kvHeads, headDim, capacity, dtype);
        Device = device ?? CPU;
        this.layers = new KvCacheLayer[layers];
        for (var i = 0; i < layers; i++)
        {
            // Detached from any dispose scope the caller may have open: the cache owns its tensors.
            var keys = zeros(new[] { batch, kvHeads, capacity, headDim }, dtype, Device).DetachFromDisposeScope();
            var values = zeros(new[] { batch, kvHeads, capacity, headDim }, dtype, Device).DetachFromDisposeScope();
            this.layers[i] = new KvCacheLayer(this, i, keys, values);
        }
    }

    /// <summary>
    /// A cache for <paramref name="model"/>: its layers, key/value heads and head width from its declaration, its
    /// dtype and device from its parameters. <paramref name="capacity"/> may not exceed the model's MaxSeqLen.
    /// </summary>
    public static KvCache For(ICausalLanguageModel model, long batch, long capacity)
    {
        ArgumentNullException.ThrowIfNull(model);
        var declaration = CausalLanguageModels.DeclarationOf(model);
        if (capacity > declaration.MaxSeqLen)
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity,
                $"capacity must be at most {declaration.ModelName}'s MaxSeqLen ({declaration.MaxSeqLen}), the last position it embeds; got {capacity}.");
        var weight = CausalLanguageModels.ModuleOf(model).parameters().First();
        return new KvCache(declaration.Depth, batch, declaration.KvHeads, declaration.Dim / declaration.Heads, capacity, weight.dtype, weight.device);
    }

    /// <summary>Sequences per forward.</summary>
    public long Batch { get; }

    /// <summary>Key/value heads per layer.</summary>
    public long KvHeads { get; }

    /// <summary>Width of each head.</summary>
    public long HeadDim { get; }

    /// <summary>The most positions the cache holds.</summary>
    public long Capacity { get; }

    /// <summary>Positions filled so far: the position of the next token.</summary>
    public long Length { get; private set; }

    /// <summary>The dtype of the keys and values.</summary>
    public ScalarType DType { get; }

    /// <summary>Where the keys and values live.</summary>
    public Device Device { get; }

    /// <summary>Number of layers.</summary>
    public int LayerCount => layers.Length;

    /// <summary>The cache of decoder layer <paramref name="index"/>.</summary>
    public KvCacheLayer Layer(int index)
    {
        if ((uint)index >= (uint)layers.Length)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"index must be a layer from 0 to {layers.Length - 1}; got {index}.");
        return layers[index];
    }

    /// <summary>
    /// Throws unless <paramref name="batch"/> sequences of <paramref name="tokens"/> more tokens fit: the check a
    /// forward makes before any layer writes, so a prompt longer than the cache is refused whole.
    /// </summary>
    public void RequireRoom(long batch, long tokens)
    {
        if (batch != Batch)
            throw new ArgumentException($"This cache holds {Batch} sequence(s); got a batch of {batch}.", nameof(batch));
        if (Length + tokens > Capacity)
            throw new ArgumentException(
                $"{tokens} token(s) at positions {Length}..{Length + tokens - 1} do not fit a cache of capacity {Capacity} that holds {Length}; " +
                $"create the cache with a capacity of at least {Length + tokens}.", nameof(tokens));
    }

    /// <summary>Marks <paramref name="tokens"/> more positions as filled; a forward calls it once every layer has written them.</summary>
    public void Advance(long tokens)
    {
        if (tokens <= 0 || Length + tokens > Capacity)
            throw new ArgumentOutOfRangeException(nameof(tokens), tokens,
                $"tokens must be from 1 to the {Capacity - Length} free position(s) of the cache; got {tokens}.");
        Length += tokens;
    }

    /// <summary>Empties the cache for a new sequence (the memory is kept; positions past <see cref="Length"/> are never read).</summary>
    public void Reset() => Length = 0;

    /// <summary>Frees the keys and values of every layer.</summary>
    public void Dispose()
    {
        foreach (var layer in layers) layer.Dispose();
    }

    private static void Positive(long value, string name)
    {
        if (value <= 0) throw new ArgumentOutOfRangeException(name, value, $"{name} must be > 0; got {value}.");
    }
}
