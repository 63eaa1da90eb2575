using DyT.Kernels.Cpu;
using DyT.Kernels.Cuda;
using static DyT.Kernels.Torch.ParameterTensors;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Kernels.Torch;

/// <summary>
/// Fused RMSNorm over the last dimension, <c>x * rsqrt(mean(x^2) + eps) * weight</c>, on TorchSharp tensors: the CPU
/// kernel (<see cref="RmsNormCpuKernel"/>) or the CUDA kernel. Parameters: weight.
/// </summary>
internal sealed unsafe class RmsNormOp : IFusedNormOp<RmsNormSettings>
{
    public static string BackwardName => "RmsNormBackward";

    /// <summary>
    /// True for <see cref="CpuKernels.Cover"/>, or a CUDA device where the RMSNorm kernels loaded and take rows of this
    /// many channels (<see cref="CudaRmsNorm.Supports"/>).
    /// </summary>
    public static bool Covers(Tensor input) => input.device_type switch
    {
        DeviceType.CPU => CpuKernels.Cover(input),
        DeviceType.CUDA => input.dim() > 0 && CudaRmsNorm.Supports(input.shape[^1])
            && CudaOps.Cover(input, channelsFirst: false, CudaRmsNorm.IsAvailableOn),
        _ => false,
    };

    public static Tensor Forward(Tensor input, Tensor?[] parameters, RmsNormSettings settings)
    {
        var weight = parameters[0]!;
        CheckDevice("RmsNorm", input, weight);
        if (input.device_type == DeviceType.CUDA) return CudaOps.RmsNormForward(input, weight, settings.Eps);
        using var x = input.contiguous();
        var shape = CpuKernels.ShapeOf(x, channelsFirst: false);
        using var w = Float32(weight)!;
        LibTorchOpenMp.EnsureAttached();
        var y = OutputBuffers.LikeInput(x);
        if (shape.Elements == 0) return y;
        RmsNormCpuKernel.Forward(TensorPointers.ElementType(x.dtype)!.Value, (void*)TensorPointers.Data(x), (void*)TensorPointers.Data(y),
            shape, settings.Eps, (float*)TensorPointers.Data(w));
        return y;
    }

    public static Tensor?[] Backward(Tensor input, Tensor gradOutput, Tensor?[] parameters, RmsNormSettings settings, bool needsDx)
    {
        var weight = parameters[0]!;
        if (input.device_type == DeviceType.CUDA) return CudaOps.RmsNormBackward(input, gradOutput, weight, settings.Eps, needsDx);
        using var x = input.contiguous();
        using var dy = gradOutput.to(x.dtype).contiguous();
        var shape = CpuKernels.ShapeOf(x, channelsFirst: false);
        var dweight = Zeros(shape.Channels, x.device);
        using var w = Float32(weight)!;
        LibTorchOpenMp.EnsureAttached();
        var dx = needsDx ? OutputBuffers.LikeInput(x) : null;
        if (shape.Elements > 0)
            RmsNormCpuKernel.Backward(TensorPointers.ElementType(x.dtype)!.Value, (void*)TensorPointers.Data(x), (void*)TensorPointers.Data(dy),
                (void*)Pointer(dx), shape, settings.Eps, (float*)TensorPointers.Data(w), (float*)TensorPointers.Data(dweight));
        return [dx, CastLike(dweight, weight)];
    }
}

/// <summary>The non-tensor argument of RMSNorm: the epsilon added to the mean square.</summary>
internal sealed record RmsNormSettings(double Eps);
