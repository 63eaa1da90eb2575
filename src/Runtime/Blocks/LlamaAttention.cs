using System;
using System.Collections.Generic;
using DyT.Checkpoints;
using DyT.Generation;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DyT.Blocks;

/// <summary>
/// Causal self-attention as Hugging Face's <c>LlamaAttention</c>: bias-free <c>q_proj</c>, <c>k_proj</c>,
/// <c>v_proj</c>, <c>o_proj</c>; rotary positions on q and k; grouped-query attention when there are fewer key/value
/// heads than query heads (each key/value head serves <c>heads / kvHeads</c> query heads). With a
/// <see cref="KvCacheLayer"/>, the new tokens' keys and values are appended to it and the queries attend to every
/// cached position as well.
/// </summary>
/// <remarks>
/// Checkpoints written by transformers before 4.31 also store each layer's rotary frequencies as
/// <c>rotary_emb.inv_freq</c> (a persistent buffer then, non-persistent since; Meta's Llama-2 "-hf" uploads have
/// them). This layer computes them from its rotary embedding, so it declares the key as legacy
/// (<see cref="ILegacyCheckpointKeys"/>): the loaders accept it when its values are the frequencies of this layer's
/// base and report it as misvalued otherwise, since a checkpoint made for another base would load and then give
/// wrong outputs.
/// </remarks>
public sealed class LlamaAttention : nn.Module<Tensor, RotaryAngles, KvCacheLayer?, Tensor>, ILegacyCheckpointKeys
{
    private const string RotaryFrequencyKey = "rotary_emb.inv_freq";

#pragma warning disable IDE1006 // Field names are the PyTorch state-dict keys.
    private readonly Linear q_proj;
    private readonly Linear k_proj;
    private readonly Linear v_proj;
    private readonly Linear o_proj;
#pragma warning restore IDE1006
    private readonly long heads;
    private readonly long kvHeads;
    private readonly long headDim;
    private readonly RotaryEmbedding rotary;

    /// <summary>Creates the attention layer with LLaMA 2's rotary embedding of base <paramref name="theta"/>.</summary>
    /// <param name="dim">Model width; <paramref name="heads"/> must divide it and leave an even head dimension.</param>
    /// <param name="heads">Query heads.</param>
    /// <param name="kvHeads">Key/value heads; must divide <paramref name="heads"/>.</param>
    /// <param name="theta">Rotary base (LLaMA 2: 10000).</param>
    /// <param name="initStd">Std of the normal weight init (HF: initializer_range 0.02).</param>
    public LlamaAttention(long dim, long heads, long kvHeads, double theta = RotaryEmbedding.DefaultTheta, double initStd = 0.02)
        : this(dim, heads, kvHeads, new RotaryEmbedding(HeadDimOf(dim, heads), theta), initStd)
    {
    }

    /// <summary>Creates the attention layer with the model's rotary embedding (base and scaling).</summary>
    /// <param name="dim">Model width; <paramref name="heads"/> must divide it and leave an even head dimension.</param>
    /// <param name="heads">Query heads.</param>
    /// <param name="kvHeads">Key/value heads; must divide <paramref name="heads"/>.</param>
    /// <param name="rotary">The rotary embedding; its head dimension must be <paramref name="dim"/> / <paramref name="heads"/>.</param>
    /// <param name="initStd">Std of the normal weight init (HF: initializer_range 0.02).</param>
    public LlamaAttention(long dim, long heads, long kvHeads, RotaryEmbedding rotary, double initStd = 0.02)
        : base(nameof(LlamaAttention))
    {
        ArgumentNullException.ThrowIfNull(rotary);
        headDim = HeadDimOf(dim, heads);
        if (kvHeads <= 0 || heads % kvHeads != 0)
            throw new ArgumentException($"kvHeads must be > 0 and divide heads ({heads}); got {kvHeads}.", nameof(kvHeads));
        if (rotary.HeadDim != headDim)
            throw new ArgumentException($"rotary must rotate heads of dim / heads = {headDim} channels; got one for {rotary.HeadDim}.", nameof(rotary));
        this.heads = heads;
        this.kvHeads = kvHeads;
        this.rotary = rotary;
        q_proj = nn.Linear(dim, heads * headDim, hasBias: false);
        k_proj = nn.Linear(dim, kvHeads * headDim, hasBias: false);
        v_proj = nn.Linear(dim, kvHeads * headDim, hasBias: false);
        o_proj = nn.Linear(heads * headDim, dim, hasBias: false);
        foreach (var linear in new[] { q_proj, k_proj, v_proj, o_proj }) WeightInit.NormalLinear(linear, initStd);
        RegisterComponents();
    }

    /// <summary>Width of each head.</summary>
    public long HeadDimension => headDim;

    /// <summary>The rotary base.</summary>
    public double Theta => rotary.Theta;

    /// <summary>The rotary embedding (base and scaling) this layer's frequencies come from.</summary>
    public RotaryEmbedding Rotary => rotary;

    IReadOnlyCollection<string> ILegacyCheckpointKeys.LegacyKeys { get; } = [RotaryFrequencyKey];

    LegacyKeyMismatch? ILegacyCheckpointKeys.CheckLegacyKey(string key, Tensor stored) =>
        key == RotaryFrequencyKey
            ? StoredRotaryFrequencies.Compare(stored, rotary)
            : throw new ArgumentException($"key must be one of this layer's legacy keys ({RotaryFrequencyKey}); got '{key}'.", nameof(key));

    /// <summary>Tokens (B, T, dim) at positions 0..T-1, no cache, to tokens (B, T, dim); token t attends to tokens 0..t.</summary>
    public Tensor forward(Tensor x)
    {
        using var angles = rotary.Angles(0, x.shape[1], x.dtype, x.device);
        return forward(x, angles, null);
    }

    /// <summary>
    /// Tokens (B, T, dim) at the positions of <paramref name="angles"/> to tokens (B, T, dim). Token t attends to every
    /// earlier position: those in <paramref name="cache"/> (which this appends the new keys and values to) and the new
    /// tokens up to itself. <paramref name="angles"/> must start at the cache's length (at 0 without a cache): the
    /// new tokens' keys go there, and the causal mask is built from the start.
    /// </summary>
    public override Tensor forward(Tensor x, RotaryAngles angles, KvCacheLayer? cache)
    {
        ArgumentNullException.ThrowIfNull(angles);
        RequireStartAtCacheEnd(angles, cache);
        long batch = x.shape[0], tokens = x.shape[1];
        var q = RotaryEmbedding.Apply(q_proj.forward(x).view(batch, tokens, heads, headDim).transpose(1, 2), angles);
        var k = RotaryEmbedding.Apply(k_proj.forward(x).view(batch, tokens, kvHeads, headDim).transpose(1, 2), angles);
        var v = v_proj.forward(x).view(batch, tokens, kvHeads, headDim).transpose(1, 2);
        if (cache is not null) (k, v) = cache.Append(k, v); // now every position 0 .. start + T - 1
        if (kvHeads != heads)
        {
            // HF's repeat_kv: key/value head j serves query heads j * groups .. (j + 1) * groups - 1.
            k = k.repeat_interleave(heads / kvHeads, dim: 1);
            v = v.repeat_interleave(heads / kvHeads, dim: 1);
        }
        var attended = Attend(q, k, v, angles.Start);
        return o_proj.forward(attended.transpose(1, 2).reshape(batch, tokens, heads * headDim));
    }

    /// <summary>
    /// Angles at other positions than the new tokens' would rotate them as if elsewhere, and the mask would let them see
    /// the wrong keys (angles from 0 after 3 cached tokens: 2 new tokens attending to cached positions 0-1 only).
    /// </summary>
    private static void RequireStartAtCacheEnd(RotaryAngles angles, KvCacheLayer? cache)
    {
        if (cache is null && angles.Start != 0)
            throw new ArgumentException(
                $"angles must start at position 0 without a cache (there are no earlier tokens to attend to); got angles starting at {angles.Start}.",
                nameof(angles));
        if (cache is not null && angles.Start != cache.Length)
            throw new ArgumentException(
                $"angles must start at the cache's length, {cache.Length}, the position of the first new token; got angles starting at {angles.Start}.",
                nameof(angles));
    }

    /// <summary>Causal attention of T queries at positions start.. over keys at positions 0 .. start + T - 1.</summary>
    private static Tensor Attend(Tensor q, Tensor k, Tensor v, long start)
    {
        long tokens = q.shape[2];
        if (start == 0) return nn.functional.scaled_dot_product_attention(q, k, v, is_casual: true); // the whole sequence
        if (tokens == 1) return nn.functional.scaled_dot_product_attention(q, k, v);                 // one token sees all before it
        // A chunk after cached tokens: query i (position start + i) sees keys 0 .. start + i.
        var allowed = arange(start + tokens, device: q.device).unsqueeze(0) <= arange(start, start + tokens, device: q.device).unsqueeze(1);
        return nn.functional.scaled_dot_product_attention(q, k, v, attn_mask: allowed);
    }

    private static long HeadDimOf(long dim, long heads)
    {
        if (heads <= 0 || dim % heads != 0 || (dim / heads) % 2 != 0)
            throw new ArgumentException($"heads must divide dim into even head dimensions; got dim {dim}, heads {heads}.", nameof(heads));
        return dim / heads;
    }
}
