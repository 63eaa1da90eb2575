using static TorchSharp.torch;

namespace DyT.Kernels.Torch;

/// <summary>
/// A fused norm on TorchSharp tensors, without autograd: what <see cref="FusedNormFunction{TOp, TSettings}"/> runs for
/// the forward and the backward. Parameters come in the op's own fixed order, null where the layer has none;
/// <typeparamref name="TSettings"/> carries what is not a tensor (layout, epsilon).
/// </summary>
internal interface IFusedNormOp<TSettings>
{
    /// <summary>The autograd node's name, as PyTorch names backward nodes ("NativeLayerNormBackward0").</summary>
    static abstract string BackwardName { get; }

    /// <summary>The output, of the input's dtype.</summary>
    static abstract Tensor Forward(Tensor x, Tensor?[] parameters, TSettings settings);

    /// <summary>
    /// dx (null when <paramref name="needsDx"/> is false: the input does not require grad, and the CPU kernels then skip
    /// it), then one gradient per parameter (null where the parameter is null), each of its tensor's dtype.
    /// </summary>
    static abstract Tensor?[] Backward(Tensor x, Tensor dy, Tensor?[] parameters, TSettings settings, bool needsDx);
}
