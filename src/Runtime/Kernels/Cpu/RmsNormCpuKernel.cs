using System;
using DyT.Kernels.Cpu.RmsNorm;
using DyT.Kernels.Cpu.Simd;

namespace DyT.Kernels.Cpu;

/// <summary>
/// Fused RMSNorm on raw pointers to contiguous host memory, with no TorchSharp dependency: rows of C elements,
/// <c>y = x * r * weight</c> with <c>r = 1/sqrt(mean(x^2) + eps)</c> per row. x, y, dy and dx are of
/// <see cref="DytElementType"/>, arithmetic float32 (statistics per row in float64 from float32 sums); weight and
/// dweight are float32 of length C. The forward keeps nothing: the backward recomputes r from x (one more multiply-add
/// per element on a row it reads anyway). Rows run in parallel (<see cref="WorkPlan"/>); dweight is reduced in a
/// fixed order, so it has the same bits on every run.
/// </summary>
internal static unsafe class RmsNormCpuKernel
{
    /// <summary>Writes y. x and y may be the same buffer.</summary>
    public static void Forward(DytElementType type, void* x, void* y, DytShape shape, double eps, float* weight)
    {
        Check(shape, (nint)x, nameof(x), (nint)y, nameof(y), eps, weight);
        switch (KernelWidths.Active ?? KernelWidth.Vector128)
        {
            case KernelWidth.Vector512: Forward<Lanes512>(type, x, y, shape, eps, weight); break;
            case KernelWidth.Vector256: Forward<Lanes256>(type, x, y, shape, eps, weight); break;
            default: Forward<Lanes128>(type, x, y, shape, eps, weight); break;
        }
    }

    /// <summary>Writes dx (when not null) and dweight (when not null; length C, overwritten).</summary>
    public static void Backward(DytElementType type, void* x, void* dy, void* dx, DytShape shape, double eps, float* weight, float* dweight)
    {
        Check(shape, (nint)x, nameof(x), (nint)dy, nameof(dy), eps, weight);
        switch (KernelWidths.Active ?? KernelWidth.Vector128)
        {
            case KernelWidth.Vector512: Backward<Lanes512>(type, x, dy, dx, shape, eps, weight, dweight); break;
            case KernelWidth.Vector256: Backward<Lanes256>(type, x, dy, dx, shape, eps, weight, dweight); break;
            default: Backward<Lanes128>(type, x, dy, dx, shape, eps, weight, dweight); break;
        }
    }

    private static void Forward<TV>(DytElementType type, void* x, void* y, DytShape shape, double eps, float* weight)
        where TV : struct, ISimd<TV>
    {
        var plan = WorkPlan.For(shape, hasWeight: true);
        var rowBytes = shape.Channels * type.Size();
        var (xs, ys, ws) = ((nint)x, (nint)y, (nint)weight);
        plan.Run(shape.Elements, batch =>
        {
            var staging = stackalloc float[RmsNormRow<TV>.StagingFloats];
            var row = new RmsNormRow<TV>(type, (int)shape.Channels, eps, (float*)ws, staging);
            for (var (item, end) = plan.BatchItems(batch); item < end; item++)
                row.Forward((byte*)xs + item * rowBytes, (byte*)ys + item * rowBytes);
        });
    }

    private static void Backward<TV>(DytElementType type, void* x, void* dy, void* dx, DytShape shape, double eps, float* weight,
        float* dweight) where TV : struct, ISimd<TV>
    {
        var plan = WorkPlan.For(shape, hasWeight: true);
        var rowBytes = shape.Channels * type.Size();
        using var partials = new ChannelPartials(plan.Batches, (int)shape.Channels, gradients: 1);
        var batchPartials = partials;
        var (xs, dys, dxs, ws) = ((nint)x, (nint)dy, (nint)dx, (nint)weight);
        plan.Run(shape.Elements, batch =>
        {
            var staging = stackalloc float[RmsNormRow<TV>.StagingFloats];
            var row = new RmsNormRow<TV>(type, (int)shape.Channels, eps, (float*)ws, staging);
            var dw = batchPartials.Of(batch, 0);
            for (var (item, end) = plan.BatchItems(batch); item < end; item++)
                row.Backward((byte*)xs + item * rowBytes, (byte*)dys + item * rowBytes, dxs == 0 ? null : (byte*)dxs + item * rowBytes, dw);
        });
        if (dweight != null) partials.ReduceInto(0, dweight);
    }

    private static void Check(DytShape shape, nint first, string firstName, nint second, string secondName, double eps, float* weight)
    {
        if (!shape.ChannelsLast)
            throw new ArgumentException($"RMSNorm normalizes rows: the shape must have inner extent 1; got {shape}.", nameof(shape));
        if (!(eps >= 0) || double.IsInfinity(eps))
            throw new ArgumentOutOfRangeException(nameof(eps), eps, $"eps must be a finite number >= 0; got {eps}.");
        KernelChecks.Pointers(shape, first, firstName, second, secondName);
        if (shape.Elements > 0 && weight == null)
            throw new ArgumentNullException(nameof(weight), $"weight must point to {shape.Channels} floats; got null.");
    }
}
