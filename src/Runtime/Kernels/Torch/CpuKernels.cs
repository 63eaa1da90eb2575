using DyT.Kernels.Cpu.Simd;
using TorchSharp;
using static TorchSharp.torch;

namespace DyT.Kernels.Torch;

/// <summary>What the CPU kernels accept, and the shape they see.</summary>
internal static class CpuKernels
{
    /// <summary>
    /// True for float32/float16/bfloat16 CPU tensors on a machine with an accelerated kernel width
    /// (<see cref="KernelWidths.Active"/>); elsewhere the norms' unfused chain is faster than emulated vectors.
    /// </summary>
    public static bool Cover(Tensor input) =>
        input.device_type == DeviceType.CPU && TensorPointers.ElementType(input.dtype) is not null && KernelWidths.Active is not null;

    /// <summary>
    /// A contiguous input seen as (outer, C, inner): channels-last (..., C) is (rows, C, 1), channels-first (B, C, H, W)
    /// is (B, C, H*W).
    /// </summary>
    public static DytShape ShapeOf(Tensor x, bool channelsFirst)
    {
        if (!channelsFirst) return DytShape.Rows(x.numel() / x.shape[^1], x.shape[^1]);
        if (x.dim() != 4)
            throw new System.ArgumentException($"A channels-first input must be 4-D (B, C, H, W); got {x.dim()}-D.", nameof(x));
        return new DytShape(x.shape[0], x.shape[1], x.shape[2] * x.shape[3]);
    }
}
