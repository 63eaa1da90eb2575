using System;
using DyT.Kernels.Cpu;
using DyT.Kernels.Cuda;
using DyT.Norms;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Kernels.Torch;

/// <summary>
/// The fused DyT op on TorchSharp tensors, without autograd: picks the CPU or the CUDA kernel by the input's device,
/// makes inputs contiguous and hands their pointers over. Parameters travel as float32 (they are C elements).
/// </summary>
internal static unsafe class DytOp
{
    /// <summary>
    /// True when a fused kernel covers this input: float32/float16/bfloat16 on the CPU in either layout, or on a CUDA
    /// device (channels-last) when the CUDA kernel layer loads. Everything else (float64, other devices, channels-first
    /// on CUDA) takes the unfused TorchSharp chain.
    /// </summary>
    public static bool Covers(Tensor input, ChannelLayout layout)
    {
        if (TensorPointers.ElementType(input.dtype) is null) return false;
        return input.device_type switch
        {
            DeviceType.CPU => true,
            DeviceType.CUDA => layout == ChannelLayout.Last && CudaDyt.IsAvailable,
            _ => false,
        };
    }

    public static DytShape ShapeOf(Tensor input, long channels, ChannelLayout layout) =>
        layout == ChannelLayout.First
            ? new DytShape(input.shape[0], channels, input.shape[2] * input.shape[3])
            : DytShape.Rows(input.numel() / channels, channels);

    public static Tensor Forward(Tensor input, Tensor alpha, Tensor? weight, Tensor? bias, ChannelLayout layout)
    {
        using var x = input.contiguous();
        var y = empty_like(x);
        var shape = ShapeOf(x, ChannelsOf(x, alpha, weight, layout), layout);
        if (shape.Elements == 0) return y;
        var type = TensorPointers.ElementType(x.dtype)!.Value;
        using var w = Float32(weight);
        using var b = Float32(bias);
        if (x.device_type == DeviceType.CUDA)
        {
            using var a = Float32(alpha)!;
            CudaDyt.Forward(type, TensorPointers.Data(x), TensorPointers.Data(y), shape.Outer, (int)shape.Channels,
                TensorPointers.Data(a), Pointer(w), Pointer(b), (int)x.device_index);
        }
        else
        {
            LibTorchOpenMp.EnsureAttached();
            DytCpuKernel.Forward(type, (void*)TensorPointers.Data(x), (void*)TensorPointers.Data(y), shape, HostScalar(alpha),
                (float*)Pointer(w), (float*)Pointer(b));
        }
        return y;
    }

    /// <summary>Gradients of x, alpha, weight and bias (null where the layer has no such parameter).</summary>
    public static (Tensor Dx, Tensor DAlpha, Tensor? DWeight, Tensor? DBias) Backward(
        Tensor input, Tensor gradOutput, Tensor alpha, Tensor? weight, bool hasBias, ChannelLayout layout)
    {
        using var x = input.contiguous();
        using var dy = gradOutput.to(x.dtype).contiguous();
        var dx = empty_like(x);
        var channels = ChannelsOf(x, alpha, weight, layout);
        var shape = ShapeOf(x, channels, layout);
        var options = (dtype: ScalarType.Float32, device: x.device);
        var dweight = weight is null ? null : zeros(channels, options.dtype, options.device);
        var dbias = weight is not null && hasBias ? zeros(channels, options.dtype, options.device) : null;
        var dalpha = zeros(1, options.dtype, options.device);
        if (shape.Elements > 0)
        {
            var type = TensorPointers.ElementType(x.dtype)!.Value;
            using var w = Float32(weight);
            if (x.device_type == DeviceType.CUDA)
            {
                using var a = Float32(alpha)!;
                using var workspace = empty(CudaDyt.WorkspaceBytes(shape.Outer, (int)channels, (int)x.device_index), ScalarType.Byte, x.device);
                CudaDyt.Backward(type, TensorPointers.Data(x), TensorPointers.Data(dy), TensorPointers.Data(dx), shape.Outer,
                    (int)channels, TensorPointers.Data(a), Pointer(w), Pointer(dweight), Pointer(dbias),
                    TensorPointers.Data(dalpha), TensorPointers.Data(workspace), (int)x.device_index);
            }
            else
            {
                LibTorchOpenMp.EnsureAttached();
                var sum = DytCpuKernel.Backward(type, (void*)TensorPointers.Data(x), (void*)TensorPointers.Data(dy),
                    (void*)TensorPointers.Data(dx), shape, HostScalar(alpha), (float*)Pointer(w), (float*)Pointer(dweight),
                    (float*)Pointer(dbias));
                dalpha.fill_(sum);
            }
        }
        return (dx, CastLike(dalpha, alpha), weight is null ? null : CastLike(dweight!, weight),
            dbias is null ? null : CastLike(dbias, weight!));
    }

    private static long ChannelsOf(Tensor x, Tensor alpha, Tensor? weight, ChannelLayout layout)
    {
        if (!SameDevice(alpha, x) || (weight is not null && !SameDevice(weight, x)))
            throw new ArgumentException($"DynamicTanh's parameters are on {alpha.device}, its input on {x.device}; move the module with .to(device).");
        return layout == ChannelLayout.First ? x.shape[1] : x.shape[^1];
    }

    private static bool SameDevice(Tensor a, Tensor b) => a.device_type == b.device_type && a.device_index == b.device_index;

    private static float HostScalar(Tensor alpha) =>
        alpha.dtype == ScalarType.Float32 ? alpha.item<float>() : (float)alpha.to(ScalarType.Float64).item<double>();

    // A float32 contiguous version of a parameter; an alias (disposing it frees nothing) when it already is one.
    private static Tensor? Float32(Tensor? parameter)
    {
        if (parameter is null) return null;
        var detached = parameter.detach();
        if (detached.dtype == ScalarType.Float32 && detached.is_contiguous()) return detached;
        using (detached) return detached.to(ScalarType.Float32).contiguous();
    }

    private static nint Pointer(Tensor? tensor) => tensor is null ? 0 : TensorPointers.Data(tensor);

    private static Tensor CastLike(Tensor gradient, Tensor parameter)
    {
        if (gradient.dtype == parameter.dtype) return gradient;
        using (gradient) return gradient.to(parameter.dtype);
    }
}
