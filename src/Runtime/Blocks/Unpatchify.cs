using static TorchSharp.torch;

namespace DyT.Blocks;

/// <summary>DiT's <c>unpatchify</c>: tokens back to an image.</summary>
public static class Unpatchify
{
    /// <summary>(B, grid * grid, patch * patch * channels) to (B, channels, grid * patch, grid * patch).</summary>
    public static Tensor Apply(Tensor tokens, long channels, long patch)
    {
        long batch = tokens.shape[0], grid = (long)System.Math.Round(System.Math.Sqrt(tokens.shape[1]));
        var x = tokens.reshape(batch, grid, grid, patch, patch, channels);
        x = einsum("nhwpqc->nchpwq", x);
        return x.reshape(batch, channels, grid * patch, grid * patch);
    }
}
