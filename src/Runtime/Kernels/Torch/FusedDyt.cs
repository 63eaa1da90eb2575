using DyT.Norms;
using static TorchSharp.torch;

namespace DyT.Kernels.Torch;

/// <summary>The entry the norm layers call: the fused op when a kernel covers the input, else null.</summary>
internal static class FusedDyt
{
    /// <summary>
    /// <c>weight * tanh(alpha * x) + bias</c> through a fused kernel, or null when none covers this input. Without
    /// autograd (inference, or nothing requires grad) the kernel runs directly: one output allocation, no graph node.
    /// </summary>
    public static Tensor? TryApply(Tensor x, Tensor alpha, Tensor? weight, Tensor? bias, ChannelLayout layout)
    {
        if (!DytOp.Covers(x, layout)) return null;
        var tracked = is_grad_enabled() && (x.requires_grad || alpha.requires_grad ||
                                            (weight?.requires_grad ?? false) || (bias?.requires_grad ?? false));
        return tracked ? DytFunction.Apply(x, alpha, weight, bias, layout) : DytOp.Forward(x, alpha, weight, bias, layout);
    }
}
