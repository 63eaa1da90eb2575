using System;
using static TorchSharp.torch;

namespace DyT.Blocks;

/// <summary>
/// Rotary position embedding as Hugging Face's Llama: frequencies <c>theta^(-2i/d)</c> over the head dimension, the
/// two halves of each head rotated (<c>rotate_half</c>). No state: the angles are computed per call, so nothing
/// enters the state dict (HF's <c>inv_freq</c> is a non-persistent buffer too).
/// </summary>
public static class RotaryEmbedding
{
    /// <summary>LLaMA's base.</summary>
    public const double DefaultTheta = 10000.0;

    /// <summary>Rotates queries or keys (B, H, T, D) by their position 0..T-1; D must be even, theta finite and &gt; 0.</summary>
    public static Tensor Apply(Tensor x, double theta = DefaultTheta)
    {
        if (x.dim() != 4)
            throw new ArgumentException($"RotaryEmbedding expects queries or keys of shape (B, H, T, D); got ({string.Join(", ", x.shape)}).", nameof(x));
        long tokens = x.shape[2], headDim = x.shape[3];
        using var scope = NewDisposeScope();
        var angles = outer(arange(tokens, ScalarType.Float32, x.device), InverseFrequencies(headDim, theta, x.device));
        var both = cat(new[] { angles, angles }, -1);                      // (T, D), as HF's emb
        var cos = both.cos().to(x.dtype);
        var sin = both.sin().to(x.dtype);
        return (x * cos + RotateHalf(x) * sin).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The rotation frequencies <c>1 / theta^(2i/d)</c>, i = 0..d/2-1, in float32, computed as Hugging Face computes
    /// <c>inv_freq</c>.
    /// </summary>
    public static Tensor InverseFrequencies(long headDim, double theta, Device? device = null)
    {
        if (headDim <= 0 || headDim % 2 != 0)
            throw new ArgumentException($"RotaryEmbedding needs an even, positive head dimension; got {headDim}.", nameof(headDim));
        if (!(theta > 0) || double.IsInfinity(theta))
            throw new ArgumentOutOfRangeException(nameof(theta), theta, $"The rotary base must be a finite number > 0; got {theta}.");
        return 1.0 / pow(theta, arange(0, headDim, 2, ScalarType.Float32, device) / headDim);
    }

    private static Tensor RotateHalf(Tensor x)
    {
        var half = x.shape[^1] / 2;
        return cat(new[] { -x.narrow(-1, half, half), x.narrow(-1, 0, half) }, -1);
    }
}
