using DyT.Kernels.Cpu.Functions;
using DyT.Kernels.Cpu.Pointwise;

namespace DyT.Kernels.Cpu;

/// <summary>
/// Fused DyT on raw pointers, <c>y = weight * tanh(alpha * x) + bias</c>: <see cref="PointwiseKernel{TF}"/> with tanh
/// (see there for the conventions). No TorchSharp dependency.
/// </summary>
internal static unsafe class DytCpuKernel
{
    /// <summary>Writes <c>y = weight * tanh(alpha * x) + bias</c>. x and y may be the same buffer.</summary>
    public static void Forward(DytElementType type, void* x, void* y, DytShape shape, float alpha, float* weight, float* bias) =>
        PointwiseKernel<TanhFunction>.Forward(type, x, y, shape, new PointwiseScalars(alpha, 0f), weight, bias);

    /// <summary>Writes dx (when not null), dweight and dbias (when not null); returns dalpha.</summary>
    public static double Backward(DytElementType type, void* x, void* dy, void* dx, DytShape shape, float alpha,
        float* weight, float* dweight, float* dbias) =>
        PointwiseKernel<TanhFunction>.Backward(type, x, dy, dx, shape, new PointwiseScalars(alpha, 0f), weight, dweight, dbias).DAlpha;
}
