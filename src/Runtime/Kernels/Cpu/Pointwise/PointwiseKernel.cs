using System;
using DyT.Kernels.Cpu.Functions;
using DyT.Kernels.Cpu.Simd;

namespace DyT.Kernels.Cpu.Pointwise;

/// <summary>
/// Fused <c>y = weight * f(alpha * x + shift) + bias</c> forward and backward on raw pointers to contiguous host memory,
/// for any <see cref="IPointwiseFunction"/> f, at the width <see cref="KernelWidths.Active"/>. x, y, dy and dx are of
/// <see cref="DytElementType"/>; weight, bias and the parameter gradients are float32 of length C. A null weight means
/// no affine (weight 1, bias 0); a null bias means none. Work runs in parallel (<see cref="WorkPlan"/>); the reductions
/// are deterministic.
/// </summary>
internal static unsafe class PointwiseKernel<TF> where TF : struct, IPointwiseFunction
{
    /// <summary>Writes <c>y = weight * f(alpha * x + shift) + bias</c>. x and y may be the same buffer.</summary>
    public static void Forward(DytElementType type, void* x, void* y, DytShape shape, PointwiseScalars scalars, float* weight, float* bias)
    {
        KernelChecks.Pointers(shape, (nint)x, nameof(x), (nint)y, nameof(y));
        switch (KernelWidths.Active ?? KernelWidth.Vector128)
        {
            case KernelWidth.Vector512: Forward<Lanes512>(type, x, y, shape, scalars, weight, bias); break;
            case KernelWidth.Vector256: Forward<Lanes256>(type, x, y, shape, scalars, weight, bias); break;
            default: Forward<Lanes128>(type, x, y, shape, scalars, weight, bias); break;
        }
    }

    /// <summary>
    /// Backward of <see cref="Forward"/>: writes dx (skipped when null) and, when not null, dweight and dbias (length C,
    /// overwritten); returns dalpha and dshift (0 when f has no shift). Summation order depends only on the shape.
    /// </summary>
    public static (double DAlpha, double DShift) Backward(DytElementType type, void* x, void* dy, void* dx, DytShape shape,
        PointwiseScalars scalars, float* weight, float* dweight, float* dbias)
    {
        KernelChecks.Pointers(shape, (nint)x, nameof(x), (nint)dy, nameof(dy));
        if (weight == null && (dweight != null || dbias != null))
            throw new ArgumentException("dweight and dbias need a weight: without affine there are no per-channel parameters.", nameof(weight));
        return (KernelWidths.Active ?? KernelWidth.Vector128) switch
        {
            KernelWidth.Vector512 => Backward<Lanes512>(type, x, dy, dx, shape, scalars, weight, dweight, dbias),
            KernelWidth.Vector256 => Backward<Lanes256>(type, x, dy, dx, shape, scalars, weight, dweight, dbias),
            _ => Backward<Lanes128>(type, x, dy, dx, shape, scalars, weight, dweight, dbias),
        };
    }

    private static void Forward<TV>(DytElementType type, void* x, void* y, DytShape shape, PointwiseScalars scalars, float* weight,
        float* bias) where TV : struct, ISimd<TV>
    {
        var plan = WorkPlan.For(shape, weight != null);
        var size = type.Size();
        var (xs, ys, ws, bs) = ((nint)x, (nint)y, (nint)weight, (nint)bias);
        plan.Run(shape.Elements, batch =>
        {
            var staging = stackalloc float[PointwiseRun<TF, TV>.StagingFloats];
            var run = new PointwiseRun<TF, TV>(type, plan, shape, scalars, (float*)ws, (float*)bs, staging);
            var (first, end) = plan.BatchItems(batch);
            if (run.WholeRows)
            {
                var start = plan.Item(first).Offset * size;
                run.ForwardRows((byte*)xs + start, (byte*)ys + start, end - first);
                return;
            }
            for (var item = first; item < end; item++)
            {
                var (offset, length) = plan.Item(item);
                run.Forward((byte*)xs + offset * size, (byte*)ys + offset * size, length, item);
            }
        });
    }

    private static (double DAlpha, double DShift) Backward<TV>(DytElementType type, void* x, void* dy, void* dx, DytShape shape,
        PointwiseScalars scalars, float* weight, float* dweight, float* dbias) where TV : struct, ISimd<TV>
    {
        var plan = WorkPlan.For(shape, weight != null);
        var channels = (int)shape.Channels;
        var size = type.Size();
        // Rows: one dweight and one dbias vector of C per batch. Planes: one RunSums per item. Both reduced in order below.
        using var rowPartials = new ChannelPartials(plan.Rows ? plan.Batches : 0, channels, gradients: 2);
        var batchSums = new RunSums[plan.Batches];
        var planeSums = plan.Rows ? null : new RunSums[plan.Items];
        var (xs, dys, dxs, ws) = ((nint)x, (nint)dy, (nint)dx, (nint)weight);
        var hasBias = dbias != null;
        var partials = rowPartials;
        plan.Run(shape.Elements, batch =>
        {
            var staging = stackalloc float[PointwiseRun<TF, TV>.StagingFloats];
            var run = new PointwiseRun<TF, TV>(type, plan, shape, scalars, (float*)ws, null, staging);
            var dw = plan.Rows ? partials.Of(batch, 0) : null;
            var db = plan.Rows && hasBias ? partials.Of(batch, 1) : null;
            var (first, end) = plan.BatchItems(batch);
            if (run.WholeRows)
            {
                var start = plan.Item(first).Offset * size;
                batchSums[batch] = run.BackwardRows((byte*)xs + start, (byte*)dys + start, dxs == 0 ? null : (byte*)dxs + start,
                    end - first, dw, db);
                return;
            }
            var sums = default(RunSums);
            for (var item = first; item < end; item++)
            {
                var (offset, length) = plan.Item(item);
                var dxItem = dxs == 0 ? null : (byte*)dxs + offset * size;
                var itemSums = run.Backward((byte*)xs + offset * size, (byte*)dys + offset * size, dxItem, length, item, dw, db);
                sums = sums.Add(itemSums);
                if (planeSums != null) planeSums[item] = itemSums;
            }
            batchSums[batch] = sums;
        });

        var total = default(RunSums);
        foreach (var sums in batchSums) total = total.Add(sums);
        if (plan.Rows)
        {
            if (dweight != null) rowPartials.ReduceInto(0, dweight);
            if (dbias != null) rowPartials.ReduceInto(1, dbias);
        }
        else if (weight != null) ReducePlanes(planeSums!, plan, channels, dweight, dbias);
        return (total.Alpha, total.Shift);
    }

    private static void ReducePlanes(RunSums[] sums, WorkPlan plan, int channels, float* dweight, float* dbias)
    {
        var perChannel = new RunSums[channels];
        for (long item = 0; item < plan.Items; item++)
        {
            var channel = (int)(item / plan.SegmentsPerPlane % channels);
            perChannel[channel] = perChannel[channel].Add(sums[item]);
        }
        for (var c = 0; c < channels; c++)
        {
            if (dweight != null) dweight[c] = (float)perChannel[c].DyF;
            if (dbias != null) dbias[c] = (float)perChannel[c].Dy;
        }
    }
}
