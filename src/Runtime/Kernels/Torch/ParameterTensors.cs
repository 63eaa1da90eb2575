using System;
using System.Linq;
using static TorchSharp.torch;

namespace DyT.Kernels.Torch;

/// <summary>How the ops hand a layer's parameters to the kernels, which take float32 and return float32 gradients.</summary>
internal static class ParameterTensors
{
    /// <summary>Throws when a parameter is on another device than the input.</summary>
    public static void CheckDevice(string layer, Tensor x, params Tensor?[] parameters)
    {
        var other = parameters.FirstOrDefault(p => p is not null && (p.device_type != x.device_type || p.device_index != x.device_index));
        if (other is not null)
            throw new ArgumentException($"{layer}'s parameters are on {other.device}, its input on {x.device}; move the module with .to(device).");
    }

    /// <summary>A scalar parameter (alpha, shift) as a host float.</summary>
    public static float HostScalar(Tensor scalar) =>
        scalar.dtype == ScalarType.Float32 ? scalar.item<float>() : (float)scalar.to(ScalarType.Float64).item<double>();

    /// <summary>A float32 contiguous version of a parameter; an alias (disposing it frees nothing) when it already is one.</summary>
    public static Tensor? Float32(Tensor? parameter)
    {
        if (parameter is null) return null;
        var detached = parameter.detach();
        if (detached.dtype == ScalarType.Float32 && detached.is_contiguous()) return detached;
        using (detached) return detached.to(ScalarType.Float32).contiguous();
    }

    public static nint Pointer(Tensor? tensor) => tensor is null ? 0 : TensorPointers.Data(tensor);

    /// <summary>A float32 gradient in its parameter's dtype (the same tensor when that is float32).</summary>
    public static Tensor CastLike(Tensor gradient, Tensor parameter)
    {
        if (gradient.dtype == parameter.dtype) return gradient;
        using (gradient) return gradient.to(parameter.dtype);
    }

    /// <summary>
    /// An uninitialized float32 buffer of a scalar parameter's shape, for its gradient: allocated before the op's
    /// input-sized buffer (<see cref="OutputBuffers"/>) and filled by <see cref="FillScalar"/> once the kernel has run.
    /// </summary>
    public static Tensor ScalarBuffer(Tensor parameter) => empty(parameter.shape, ScalarType.Float32, parameter.device);

    /// <summary><paramref name="buffer"/> filled with <paramref name="value"/>, in its parameter's dtype.</summary>
    public static Tensor FillScalar(Tensor buffer, double value, Tensor parameter)
    {
        buffer.fill_(value);
        return CastLike(buffer, parameter);
    }

    /// <summary>A zeroed float32 gradient of <paramref name="length"/> elements on <paramref name="device"/>.</summary>
    public static Tensor Zeros(long length, Device device) => zeros(length, ScalarType.Float32, device);
}
