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

    /// <summary>(B, C, H, W) to (B, C, H, W).</summary>
    public override Tensor forward(Tensor input)
    {
        InputChecks.ChannelCount(input, channels, ChannelLayout.First, nameof(RmsNorm2d));
        // Half inputs are accumulated in float32, as RmsNorm does: squares beyond 65,504 would overflow float16.
        var x = input.dtype == ScalarType.Float32 || input.dtype == ScalarType.Float64 ? input : input.to(ScalarType.Float32);
        var normalized = x * rsqrt(x.square().mean(new long[] { 1 }, keepdim: true) + eps);
        return normalized.to(input.dtype) * ChannelLayout.First.PerChannel(weight);
    }
}
