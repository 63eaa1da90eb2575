using DyT.Kernels.Cpu;
using static DyT.Kernels.Torch.ParameterTensors;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Kernels.Torch;

/// <summary>
/// Fused RMSNorm over the last dimension, <c>x * rsqrt(mean(x^2) + eps) * weight</c>, on TorchSharp tensors: the CPU
/// kernel (<see cref="RmsNormCpuKernel"/>). Parameters: weight.
/// </summary>
internal sealed unsafe class RmsNormOp : IFusedNormOp<RmsNormSettings>
{
    public static string BackwardName => "RmsNormBackward";

    /// <summary>
    /// True for <see cref="CpuKernels.Cover"/>. CUDA: not yet; a CUDA kernel is wired in by returning its availability
    /// here and branching on <c>x.device_type</c> in Forward and Backward, as <see cref="DytOp"/> does.
    /// </summary>
    public static bool Covers(Tensor input) => input.device_type == DeviceType.CPU && CpuKernels.Cover(input);

    public static Tensor Forward(Tensor input, Tensor?[] parameters, RmsNormSettings settings)
    {
        var weight = parameters[0]!;
        CheckDevice("RmsNorm", input, weight);
        using var x = input.contiguous();
        var y = empty_like(x);
        var shape = CpuKernels.ShapeOf(x, channelsFirst: false);
        if (shape.Elements == 0) return y;
        using var w = Float32(weight)!;
        LibTorchOpenMp.EnsureAttached();
        RmsNormCpuKernel.Forward(TensorPointers.ElementType(x.dtype)!.Value, (void*)TensorPointers.Data(x), (void*)TensorPointers.Data(y),
            shape, settings.Eps, (float*)TensorPointers.Data(w));
        return y;
    }

    public static Tensor?[] Backward(Tensor input, Tensor gradOutput, Tensor?[] parameters, RmsNormSettings settings)
    {
        var weight = parameters[0]!;
        using var x = input.contiguous();
        using var dy = gradOutput.to(x.dtype).contiguous();
        var dx = empty_like(x);
        var shape = CpuKernels.ShapeOf(x, channelsFirst: false);
        var dweight = Zeros(shape.Channels, x.device);
        if (shape.Elements > 0)
        {
            using var w = Float32(weight)!;
            LibTorchOpenMp.EnsureAttached();
            RmsNormCpuKernel.Backward(TensorPointers.ElementType(x.dtype)!.Value, (void*)TensorPointers.Data(x), (void*)TensorPointers.Data(dy),
                (void*)TensorPointers.Data(dx), shape, settings.Eps, (float*)TensorPointers.Data(w), (float*)TensorPointers.Data(dweight));
        }
        return [dx, CastLike(dweight, weight)];
    }
}

/// <summary>The non-tensor argument of RMSNorm: the epsilon added to the mean square.</summary>
internal sealed record RmsNormSettings(double Eps);
