using DyT.Kernels.Torch;
using DyT.Norms;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DyT.Blocks;

/// <summary>
/// RMSNorm over the channels of a (B, C, H, W) input: <c>weight * x * rsqrt(mean over C of x^2 + eps)</c>, key
/// <c>weight</c>. No reference model has it; it is what <c>NormKind.RMSNorm</c> means where a ConvNet has a 2-D norm.
/// </summary>
public sealed class RmsNorm2d : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // Field names are the PyTorch state-dict keys.
    private readonly Parameter weight;
#pragma warning restore IDE1006
    private readonly long channels;
    private readonly double eps;

    /// <summary>Creates the norm over <paramref name="channels"/> channels.</summary>
    public RmsNorm2d(long channels, double eps = 1e-6) : base(nameof(RmsNorm2d))
    {
        InputChecks.Positive(channels, nameof(channels));
        InputChecks.FinitePositive(eps, nameof(eps));
        this.channels = channels;
        this.eps = eps;
        weight = new Parameter(ones(channels));
        RegisterComponents();
    }

    /// <summary>
    /// (B, C, H, W) to (B, C, H, W), in the input's dtype. Where the fused RMSNorm kernel covers the input it runs on the
    /// channels-last view, as LayerNorm2d does, and the result is that view permuted back (channels-last strides). Else
    /// the unfused chain, which accumulates half inputs in float32 as RmsNorm does (squares beyond 65,504 would
    /// overflow float16).
    /// </summary>
    public override Tensor forward(Tensor input)
    {
        InputChecks.NormInput(input, channels, ChannelLayout.First, nameof(RmsNorm2d));
        var fused = FusedNorms.TryRmsNorm(input.permute(0, 2, 3, 1), weight, eps,
            channelsLast => OutputDtype.Like(RmsNorm.Normalize(channelsLast, eps, dimension: -1) * weight, channelsLast));
        if (fused is not null) return fused.permute(0, 3, 1, 2);
        return OutputDtype.Like(RmsNorm.Normalize(input, eps, dimension: 1) * ChannelLayout.First.PerChannel(weight), input);
    }
}
