using System;
using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace DyT.Kernels.Torch;

/// <summary>
/// Data pointers and element types of TorchSharp tensors, for handing them to the raw kernels. TorchSharp 0.107 has no
/// public data_ptr, so this calls the <c>THSTensor_data</c> export of its native library, which returns
/// <c>at::Tensor::data_ptr()</c> (storage offset included).
/// </summary>
internal static class TensorPointers
{
    [DllImport("LibTorchSharp")]
    private static extern IntPtr THSTensor_data(IntPtr handle);

    /// <summary>The address of the first element of a contiguous tensor; zero for an empty one.</summary>
    public static nint Data(Tensor tensor)
    {
        if (tensor.numel() == 0) return 0;
        if (!tensor.is_contiguous())
            throw new ArgumentException($"The kernels need a contiguous tensor; got strides ({string.Join(", ", tensor.stride())}).", nameof(tensor));
        var pointer = THSTensor_data(tensor.Handle);
        if (pointer == IntPtr.Zero)
            throw new InvalidOperationException($"THSTensor_data returned null for a tensor of {tensor.numel()} elements.");
        return pointer;
    }

    /// <summary>The kernel element type of <paramref name="type"/>, or null when the kernels do not cover it.</summary>
    public static DytElementType? ElementType(ScalarType type) => type switch
    {
        ScalarType.Float32 => DytElementType.Float32,
        ScalarType.Float16 => DytElementType.Float16,
        ScalarType.BFloat16 => DytElementType.BFloat16,
        _ => null,
    };
}
