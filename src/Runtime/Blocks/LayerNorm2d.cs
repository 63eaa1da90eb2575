using DyT.Norms;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DyT.Blocks;

/// <summary>
/// LayerNorm over the channels of a (B, C, H, W) input, as timm's <c>LayerNorm2d</c> in ConvNeXt's stem, downsampling
/// layers and head: per pixel over C, keys <c>weight</c> and <c>bias</c>.
/// </summary>
public sealed class LayerNorm2d : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // Field names are the PyTorch state-dict keys.
    private readonly Parameter weight;
    private readonly Parameter bias;
#pragma warning restore IDE1006
    private readonly long channels;
    private readonly double eps;

    /// <summary>Creates the norm over <paramref name="channels"/> channels.</summary>
    public LayerNorm2d(long channels, double eps = 1e-6) : base(nameof(LayerNorm2d))
    {
        InputChecks.Positive(channels, nameof(channels));
        InputChecks.FinitePositive(eps, nameof(eps));
        this.channels = channels;
        this.eps = eps;
        weight = new Parameter(ones(channels));
        bias = new Parameter(zeros(channels));
        RegisterComponents();
    }

    /// <summary>(B, C, H, W) to (B, C, H, W).</summary>
    public override Tensor forward(Tensor input)
    {
        InputChecks.ChannelCount(input, channels, ChannelLayout.First, nameof(LayerNorm2d));
        // Channels last for layer_norm, then back: what timm does.
        var normalized = nn.functional.layer_norm(input.permute(0, 2, 3, 1), new[] { channels }, weight, bias, eps);
        return normalized.permute(0, 3, 1, 2);
    }
}
