using DyT.Kernels.Cpu.Functions;
using DyT.Kernels.Cpu.Pointwise;

namespace DyT.Kernels.Cpu;

/// <summary>
/// Fused Derf on raw pointers, <c>y = weight * erf(alpha * x + shift) + bias</c>: <see cref="PointwiseKernel{TF}"/> with
/// erf (see there for the conventions). No TorchSharp dependency.
/// </summary>
internal static unsafe class DerfCpuKernel
{
    /// <summary>Writes <c>y = weight * erf(alpha * x + shift) + bias</c>. x and y may be the same buffer.</summary>
    public static void Forward(DytElementType type, void* x, void* y, DytShape shape, float alpha, float shift, float* weight, float* bias) =>
        PointwiseKernel<ErfFunction>.Forward(type, x, y, shape, new PointwiseScalars(alpha, shift), weight, bias);

    /// <summary>Writes dx (when not null), dweight and dbias (when not null); returns dalpha and dshift.</summary>
    public static (double DAlpha, double DShift) Backward(DytElementType type, void* x, void* dy, void* dx, DytShape shape, float alpha,
        float shift, float* weight, float* dweight, float* dbias) =>
        PointwiseKernel<ErfFunction>.Backward(type, x, dy, dx, shape, new PointwiseScalars(alpha, shift), weight, dweight, dbias);
}
