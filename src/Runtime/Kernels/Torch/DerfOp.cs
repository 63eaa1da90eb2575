using DyT.Kernels.Cpu.Functions;
using DyT.Kernels.Cuda;
using static DyT.Kernels.Torch.ParameterTensors;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Kernels.Torch;

/// <summary>
/// Fused Derf, <c>weight * erf(alpha * x + shift) + bias</c>, on TorchSharp tensors: the CPU kernel
/// (<see cref="PointwiseOp{TF}"/> with erf) or, for channels-last input on a CUDA device, the CUDA kernel. Parameters: alpha, shift, weight?, bias?.
/// </summary>
internal sealed class DerfOp : IFusedNormOp<PointwiseLayout>
{
    public static string BackwardName => "DerfBackward";

    /// <summary>
    /// True for <see cref="CpuKernels.Cover"/> (either layout), or channels-last input on a CUDA device where the Derf
    /// kernels loaded on it.
    /// </summary>
    public static bool Covers(Tensor input, bool channelsFirst) => input.device_type switch
    {
        DeviceType.CPU => CpuKernels.Cover(input),
        DeviceType.CUDA => CudaOps.Cover(input, channelsFirst, CudaDerf.IsAvailableOn),
        _ => false,
    };

    public static Tensor Forward(Tensor x, Tensor?[] parameters, PointwiseLayout layout)
    {
        var (alpha, shift, weight, bias) = (parameters[0]!, parameters[1]!, parameters[2], parameters[3]);
        CheckDevice("Derf", x, alpha, shift, weight, bias);
        if (x.device_type == DeviceType.CUDA) return CudaOps.DerfForward(x, alpha, shift, weight, bias);
        return PointwiseOp<ErfFunction>.Forward(x, alpha, shift, weight, bias, layout.ChannelsFirst);
    }

    public static Tensor?[] Backward(Tensor x, Tensor dy, Tensor?[] parameters, PointwiseLayout layout, bool needsDx)
    {
        var (alpha, shift, weight, bias) = (parameters[0]!, parameters[1]!, parameters[2], parameters[3]);
        if (x.device_type == DeviceType.CUDA) return CudaOps.DerfBackward(x, dy, alpha, shift, weight, bias is not null, needsDx);
        var (dx, dalpha, dshift, dweight, dbias) = PointwiseOp<ErfFunction>.Backward(x, dy, alpha, shift, weight, bias is not null,
            layout.ChannelsFirst, needsDx);
        return [dx, dalpha, dshift, dweight, dbias];
    }
}
