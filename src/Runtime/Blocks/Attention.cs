using System;
using DyT.Norms;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DyT.Blocks;

/// <summary>
/// Multi-head self-attention as timm's ViT: a fused <c>qkv</c> projection, scaled dot-product attention and an output
/// projection <c>proj</c> (keys <c>attn.qkv.*</c>, <c>attn.proj.*</c>).
/// </summary>
public sealed class Attention : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // Field names are the PyTorch state-dict keys.
    private readonly Linear qkv;
    private readonly Linear proj;
#pragma warning restore IDE1006
    private readonly long dim;
    private readonly long heads;

    /// <summary>Creates attention over tokens of width <paramref name="dim"/> with <paramref name="heads"/> heads.</summary>
    public Attention(long dim, long heads) : base(nameof(Attention))
    {
        if (dim <= 0 || heads <= 0 || dim % heads != 0)
            throw new ArgumentException($"heads must be > 0 and divide dim; got dim {dim}, heads {heads}.", nameof(heads));
        this.dim = dim;
        this.heads = heads;
        qkv = nn.Linear(dim, dim * 3);
        proj = nn.Linear(dim, dim);
        WeightInit.TruncNormalLinear(qkv);
        WeightInit.TruncNormalLinear(proj);
        RegisterComponents();
    }

    /// <summary>Tokens (B, N, C) to tokens (B, N, C).</summary>
    public override Tensor forward(Tensor x)
    {
        // Else a wrong width fails inside the qkv matmul with a native error that names neither this layer nor its width.
        if (x.dim() != 3 || x.shape[2] != dim)
            throw new ArgumentException($"Attention over width {dim} takes tokens of shape (B, N, {dim}); got {InputChecks.Describe(x)}.", nameof(x));
        long batch = x.shape[0], tokens = x.shape[1], channels = x.shape[2];
        // (B, N, 3C) -> (3, B, heads, N, C / heads): q, k and v side by side, heads as a batch dimension.
        var qkvHeads = qkv.forward(x).reshape(batch, tokens, 3, heads, channels / heads).permute(2, 0, 3, 1, 4);
        var attended = nn.functional.scaled_dot_product_attention(qkvHeads[0], qkvHeads[1], qkvHeads[2]);
        return proj.forward(attended.transpose(1, 2).reshape(batch, tokens, channels));
    }
}
