using DyT.Kernels.Cpu.Functions;
using DyT.Kernels.Cuda;
using static DyT.Kernels.Torch.ParameterTensors;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Kernels.Torch;

/// <summary>
/// Fused DyT, <c>weight * tanh(alpha * x) + bias</c>, on TorchSharp tensors: the CPU kernel (<see cref="PointwiseOp{TF}"/>
/// with tanh) or, for channels-last input on a CUDA device, the CUDA kernel. Parameters: alpha, weight?, bias?.
/// </summary>
internal sealed class DytOp : IFusedNormOp<PointwiseLayout>
{
    public static string BackwardName => "DynamicTanhBackward";

    /// <summary>
    /// True when a fused kernel covers this input: <see cref="CpuKernels.Cover"/> on the CPU (either layout), or a CUDA
    /// device (channels-last) where the CUDA kernels loaded on it. Everything else (float64, other devices, channels-first on
    /// CUDA, a CPU without an accelerated vector width) takes the unfused TorchSharp chain.
    /// </summary>
    public static bool Covers(Tensor input, bool channelsFirst) => input.device_type switch
    {
        DeviceType.CPU => CpuKernels.Cover(input),
        DeviceType.CUDA => CudaOps.Cover(input, channelsFirst, CudaDyt.IsAvailableOn),
        _ => false,
    };

    public static Tensor Forward(Tensor x, Tensor?[] parameters, PointwiseLayout layout)
    {
        var (alpha, weight, bias) = (parameters[0]!, parameters[1], parameters[2]);
        CheckDevice("DynamicTanh", x, alpha, weight, bias);
        return x.device_type == DeviceType.CUDA
            ? CudaOps.DytForward(x, alpha, weight, bias)
            : PointwiseOp<TanhFunction>.Forward(x, alpha, null, weight, bias, layout.ChannelsFirst);
    }

    public static Tensor?[] Backward(Tensor x, Tensor dy, Tensor?[] parameters, PointwiseLayout layout, bool needsDx)
    {
        var (alpha, weight, bias) = (parameters[0]!, parameters[1], parameters[2]);
        if (x.device_type == DeviceType.CUDA) return CudaOps.DytBackward(x, dy, alpha, weight, bias is not null, needsDx);
        var (dx, dalpha, _, dweight, dbias) = PointwiseOp<TanhFunction>.Backward(x, dy, alpha, null, weight, bias is not null,
            layout.ChannelsFirst, needsDx);
        return [dx, dalpha, dweight, dbias];
    }
}

/// <summary>The non-tensor argument of the pointwise norms: whether the channels are dimension 1 of (B, C, H, W).</summary>
internal sealed record PointwiseLayout(bool ChannelsFirst);
