using System;
using System.Linq;
using static TorchSharp.torch;

namespace DyT.Kernels.Torch;

/// <summary>
/// The entries the norm layers call: each returns the fused op's output when a kernel covers the input, else null (the
/// layer then runs its unfused chain). With autograd (grad enabled and the input or a parameter requiring grad) the op
/// runs as one autograd node (<see cref="FusedNormFunction{TOp, TSettings}"/>); without, the kernel runs directly:
/// one output allocation, no temporaries, no graph node. Each takes the layer's own chain of TorchSharp ops for the
/// same input (<c>chain</c>), which a backward with <c>create_graph</c> differentiates instead of the kernels.
/// </summary>
internal static class FusedNorms
{
    /// <summary><c>weight * tanh(alpha * x) + bias</c>.</summary>
    public static Tensor? TryDyt(Tensor x, Tensor alpha, Tensor? weight, Tensor? bias, bool channelsFirst, Func<Tensor, Tensor> chain) =>
        DytOp.Covers(x, channelsFirst) ? Run<DytOp, PointwiseLayout>(x, [alpha, weight, bias], new PointwiseLayout(channelsFirst), chain) : null;

    /// <summary><c>weight * erf(alpha * x + shift) + bias</c>.</summary>
    public static Tensor? TryDerf(Tensor x, Tensor alpha, Tensor shift, Tensor? weight, Tensor? bias, bool channelsFirst, Func<Tensor, Tensor> chain) =>
        DerfOp.Covers(x, channelsFirst)
            ? Run<DerfOp, PointwiseLayout>(x, [alpha, shift, weight, bias], new PointwiseLayout(channelsFirst), chain)
            : null;

    /// <summary><c>x * rsqrt(mean(x^2, -1) + eps) * weight</c>.</summary>
    public static Tensor? TryRmsNorm(Tensor x, Tensor weight, double eps, Func<Tensor, Tensor> chain) =>
        RmsNormOp.Covers(x) ? Run<RmsNormOp, RmsNormSettings>(x, [weight], new RmsNormSettings(eps), chain) : null;

    private static Tensor Run<TOp, TSettings>(Tensor x, Tensor?[] parameters, TSettings settings, Func<Tensor, Tensor> chain)
        where TOp : IFusedNormOp<TSettings>
        where TSettings : notnull
    {
        var tracked = is_grad_enabled() && (x.requires_grad || parameters.Any(p => p?.requires_grad ?? false));
        return tracked ? FusedNormFunction<TOp, TSettings>.Apply(x, parameters, settings, chain) : TOp.Forward(x, parameters, settings);
    }
}
