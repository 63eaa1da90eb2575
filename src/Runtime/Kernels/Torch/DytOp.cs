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
internal sealed unsafe class DytOp : IFusedNormOp<PointwiseLayout>
{
    public static string BackwardName => "DynamicTanhBackward";

    /// <summary>
    /// True when a fused kernel covers this input: <see cref="CpuKernels.Cover"/> on the CPU (either layout), or a CUDA
    /// device (channels-last) when the CUDA kernel layer loads. Everything else (float64, other devices, channels-first on
    /// CUDA, a CPU without an accelerated vector width) takes the unfused TorchSharp chain.
    /// </summary>
    public static bool Covers(Tensor input, bool channelsFirst) => input.device_type switch
    {
        DeviceType.CPU => CpuKernels.Cover(input),
        DeviceType.CUDA => !channelsFirst && TensorPointers.ElementType(input.dtype) is not null && CudaDyt.IsAvailable,
        _ => false,
    };

    public static Tensor Forward(Tensor x, Tensor?[] parameters, PointwiseLayout layout)
    {
        var (alpha, weight, bias) = (parameters[0]!, parameters[1], parameters[2]);
        CheckDevice("DynamicTanh", x, alpha, weight, bias);
        return x.device_type == DeviceType.CUDA
            ? ForwardOnCuda(x, alpha, weight, bias)
            : PointwiseOp<TanhFunction>.Forward(x, alpha, null, weight, bias, layout.ChannelsFirst);
    }

    public static Tensor?[] Backward(Tensor x, Tensor dy, Tensor?[] parameters, PointwiseLayout layout)
    {
        var (alpha, weight, bias) = (parameters[0]!, parameters[1], parameters[2]);
        if (x.device_type == DeviceType.CUDA) return BackwardOnCuda(x, dy, alpha, weight, bias is not null);
        var (dx, dalpha, _, dweight, dbias) = PointwiseOp<TanhFunction>.Backward(x, dy, alpha, null, weight, bias is not null, layout.ChannelsFirst);
        return [dx, dalpha, dweight, dbias];
    }

    private static Tensor ForwardOnCuda(Tensor input, Tensor alpha, Tensor? weight, Tensor? bias)
    {
        using var x = input.contiguous();
        var y = empty_like(x);
        var shape = CpuKernels.ShapeOf(x, channelsFirst: false);
        if (shape.Elements == 0) return y;
        using var a = Float32(alpha)!;
        using var w = Float32(weight);
        using var b = Float32(bias);
        CudaDyt.Forward(TensorPointers.ElementType(x.dtype)!.Value, TensorPointers.Data(x), TensorPointers.Data(y), shape.Outer,
            (int)shape.Channels, TensorPointers.Data(a), Pointer(w), Pointer(b), (int)x.device_index);
        return y;
    }

    private static Tensor?[] BackwardOnCuda(Tensor input, Tensor gradOutput, Tensor alpha, Tensor? weight, bool hasBias)
    {
        using var x = input.contiguous();
        using var dy = gradOutput.to(x.dtype).contiguous();
        var dx = empty_like(x);
        var shape = CpuKernels.ShapeOf(x, channelsFirst: false);
        var channels = (int)shape.Channels;
        var dweight = weight is null ? null : Zeros(channels, x.device);
        var dbias = weight is not null && hasBias ? Zeros(channels, x.device) : null;
        var dalpha = Zeros(1, x.device);
        if (shape.Elements > 0)
        {
            using var a = Float32(alpha)!;
            using var w = Float32(weight);
            var device = (int)x.device_index;
            using var workspace = empty(CudaDyt.WorkspaceBytes(shape.Outer, channels, device), ScalarType.Byte, x.device);
            CudaDyt.Backward(TensorPointers.ElementType(x.dtype)!.Value, TensorPointers.Data(x), TensorPointers.Data(dy),
                TensorPointers.Data(dx), shape.Outer, channels, TensorPointers.Data(a), Pointer(w), Pointer(dweight), Pointer(dbias),
                TensorPointers.Data(dalpha), TensorPointers.Data(workspace), device);
        }
        return [dx, CastLike(dalpha, alpha), dweight is null ? null : CastLike(dweight, weight!), dbias is null ? null : CastLike(dbias, weight!)];
    }
}

/// <summary>The non-tensor argument of the pointwise norms: whether the channels are dimension 1 of (B, C, H, W).</summary>
internal sealed record PointwiseLayout(bool ChannelsFirst);
