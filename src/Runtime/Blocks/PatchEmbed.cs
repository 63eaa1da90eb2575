using System;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DyT.Blocks;

/// <summary>
/// Splits (B, C, H, W) images into non-overlapping square patches and projects each to a token of width
/// <c>embedDim</c>: a strided convolution <c>proj</c>, as timm's PatchEmbed (key <c>patch_embed.proj.*</c>).
/// </summary>
public sealed class PatchEmbed : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // Field names are the PyTorch state-dict keys.
    private readonly Conv2d proj;
#pragma warning restore IDE1006

    /// <summary>Creates the patch embedding.</summary>
    public PatchEmbed(long inChannels, long embedDim, long patchSize, long imageSize) : base(nameof(PatchEmbed))
    {
        if (inChannels <= 0) throw new ArgumentOutOfRangeException(nameof(inChannels), inChannels, $"inChannels must be > 0; got {inChannels}.");
        if (embedDim <= 0) throw new ArgumentOutOfRangeException(nameof(embedDim), embedDim, $"embedDim must be > 0; got {embedDim}.");
        if (patchSize <= 0 || imageSize <= 0 || imageSize % patchSize != 0)
            throw new ArgumentException($"patchSize must be > 0 and divide imageSize; got patchSize {patchSize}, imageSize {imageSize}.", nameof(patchSize));
        InChannels = inChannels;
        ImageSize = imageSize;
        NumPatches = (imageSize / patchSize) * (imageSize / patchSize);
        proj = nn.Conv2d(inChannels, embedDim, patchSize, stride: patchSize);
        RegisterComponents();
    }

    /// <summary>
    /// DiT's init of the patch projection (its initialize_weights): the weight xavier-uniform as the matrix
    /// (embedDim, C x p x p) it is, bound sqrt(6 / (C p^2 + embedDim)), and a zero bias. timm's ViT keeps PyTorch's
    /// default instead, so only the DiT family calls this.
    /// </summary>
    public void XavierInit()
    {
        using var _ = no_grad();
        using var matrix = proj.weight.view(proj.weight.shape[0], -1); // shares the weight's storage
        nn.init.xavier_uniform_(matrix);
        if (proj.bias is not null) nn.init.zeros_(proj.bias);
    }

    /// <summary>Channels of the input images.</summary>
    public long InChannels { get; }

    /// <summary>Side of the square input images.</summary>
    public long ImageSize { get; }

    /// <summary>Tokens per image: (ImageSize / PatchSize)^2.</summary>
    public long NumPatches { get; }

    /// <summary>Images (B, C, H, W) to tokens (B, NumPatches, embedDim).</summary>
    public override Tensor forward(Tensor images)
    {
        if (images.dim() != 4 || images.shape[1] != InChannels || images.shape[2] != ImageSize || images.shape[3] != ImageSize)
            throw new ArgumentException(
                $"PatchEmbed expects images of shape (B, {InChannels}, {ImageSize}, {ImageSize}); got ({string.Join(", ", images.shape)}).",
                nameof(images));
        return proj.forward(images).flatten(2).transpose(1, 2);
    }
}
