using System;
using DyT.Norms;
using static TorchSharp.torch;

namespace DyT.Blocks;

/// <summary>DiT's <c>unpatchify</c>: tokens back to an image.</summary>
public static class Unpatchify
{
    /// <summary>(B, grid * grid, patch * patch * channels) to (B, channels, grid * patch, grid * patch).</summary>
    public static Tensor Apply(Tensor tokens, long channels, long patch)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        InputChecks.Positive(channels, nameof(channels));
        if (patch <= 0) throw new ArgumentOutOfRangeException(nameof(patch), patch, $"patch must be > 0; got {patch}.");
        long features = patch * patch * channels;
        var grid = tokens.dim() == 3 ? (long)Math.Round(Math.Sqrt(tokens.shape[1])) : 0;
        // A reshape would take any (B, N, D) with N * D = grid^2 * features, silently scrambling tokens into pixels.
        if (tokens.dim() != 3 || grid * grid != tokens.shape[1] || tokens.shape[2] != features)
            throw new ArgumentException(
                $"tokens must have shape (B, grid * grid, patch * patch * channels) = (B, N, {features}) with N a square number; got {InputChecks.Describe(tokens)}.",
                nameof(tokens));
        long batch = tokens.shape[0];
        var x = tokens.reshape(batch, grid, grid, patch, patch, channels);
        x = einsum("nhwpqc->nchpwq", x);
        return x.reshape(batch, channels, grid * patch, grid * patch);
    }
}
