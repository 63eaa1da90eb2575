using System;
using System.Buffers;
using System.Runtime.CompilerServices;

namespace DyT.Kernels.Cpu;

/// <summary>
/// Fused DyT forward and backward on raw pointers to contiguous host memory, with no TorchSharp dependency:
/// <c>y = weight * tanh(alpha * x) + bias</c>. x, y, dy and dx are of <see cref="DytElementType"/>; weight, bias and the
/// parameter gradients are float32 of length C. A null weight means no affine (weight 1, bias 0); a null bias means none.
/// Work runs in parallel over rows (or plane segments); the reductions are deterministic.
/// </summary>
public static unsafe class DytCpuKernel
{
    /// <summary>Writes <c>y = weight * tanh(alpha * x) + bias</c>. x and y may be the same buffer.</summary>
    public static void Forward(DytElementType type, void* x, void* y, DytShape shape, float alpha, float* weight, float* bias)
    {
        CheckPointers(shape, (nint)x, nameof(x), (nint)y, nameof(y));
        var plan = WorkPlan.For(shape, weight != null);
        var size = type.Size();
        var (xs, ys, ws, bs) = ((nint)x, (nint)y, (nint)weight, (nint)bias);
        plan.Run(shape.Elements, batch =>
        {
            var staging = stackalloc float[RunContext.StagingFloats];
            var run = new RunContext(type, plan, shape, alpha, (float*)ws, (float*)bs, staging);
            for (var (item, end) = plan.BatchItems(batch); item < end; item++)
            {
                var (offset, length) = plan.Item(item);
                run.Forward((byte*)xs + offset * size, (byte*)ys + offset * size, length, item);
            }
        });
    }

    /// <summary>
    /// Backward of <see cref="Forward"/>: writes dx (skipped when null) and, when not null, dweight and dbias
    /// (length C, overwritten); returns dalpha. Summation order depends only on the shape.
    /// </summary>
    public static double Backward(DytElementType type, void* x, void* dy, void* dx, DytShape shape, float alpha,
        float* weight, float* dweight, float* dbias)
    {
        CheckPointers(shape, (nint)x, nameof(x), (nint)dy, nameof(dy));
        if (weight == null && (dweight != null || dbias != null))
            throw new ArgumentException("dweight and dbias need a weight: without affine there are no per-channel parameters.", nameof(weight));
        var plan = WorkPlan.For(shape, weight != null);
        var channels = (int)shape.Channels;
        var batches = plan.Batches;
        var size = type.Size();
        // Rows: one dweight/dbias vector of C per batch. Planes: one RunSums per item. Both reduced in order below.
        var rowPartials = plan.Rows ? ArrayPool<float>.Shared.Rent((int)(2 * batches * channels)) : null;
        var alphaPartials = ArrayPool<double>.Shared.Rent((int)batches);
        var planeSums = plan.Rows ? null : ArrayPool<RunSums>.Shared.Rent((int)plan.Items);
        try
        {
            if (rowPartials != null) Array.Clear(rowPartials, 0, (int)(2 * batches * channels));
            var (xs, dys, dxs, ws) = ((nint)x, (nint)dy, (nint)dx, (nint)weight);
            var hasBias = dbias != null;
            plan.Run(shape.Elements, batch =>
            {
                var staging = stackalloc float[RunContext.StagingFloats];
                var run = new RunContext(type, plan, shape, alpha, (float*)ws, null, staging);
                double alphaSum = 0;
                fixed (float* partial = rowPartials)
                {
                    var dw = partial == null ? null : partial + 2 * batch * channels;
                    var db = hasBias && dw != null ? dw + channels : null;
                    for (var (item, end) = plan.BatchItems(batch); item < end; item++)
                    {
                        var (offset, length) = plan.Item(item);
                        var dxItem = dxs == 0 ? null : (byte*)dxs + offset * size;
                        var sums = run.Backward((byte*)xs + offset * size, (byte*)dys + offset * size, dxItem, length, item, dw, db);
                        alphaSum += sums.Alpha;
                        if (planeSums != null) planeSums[item] = sums;
                    }
                }
                alphaPartials[batch] = alphaSum;
            });

            double dalpha = 0;
            for (var b = 0; b < batches; b++) dalpha += alphaPartials[b];
            if (plan.Rows) ReduceRows(rowPartials!, batches, channels, dweight, dbias);
            else if (weight != null) ReducePlanes(planeSums!, plan, channels, dweight, dbias);
            return dalpha;
        }
        finally
        {
            if (rowPartials != null) ArrayPool<float>.Shared.Return(rowPartials);
            ArrayPool<double>.Shared.Return(alphaPartials);
            if (planeSums != null) ArrayPool<RunSums>.Shared.Return(planeSums);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReduceRows(float[] partials, long batches, int channels, float* dweight, float* dbias)
    {
        for (var c = 0; c < channels; c++)
        {
            double w = 0, b = 0;
            for (long batch = 0; batch < batches; batch++)
            {
                w += partials[2 * batch * channels + c];
                b += partials[2 * batch * channels + channels + c];
            }
            if (dweight != null) dweight[c] = (float)w;
            if (dbias != null) dbias[c] = (float)b;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
            if (dweight != null) dweight[c] = (float)perChannel[c].DyT;
            if (dbias != null) dbias[c] = (float)perChannel[c].Dy;
        }
    }

    private static void CheckPointers(DytShape shape, nint first, string firstName, nint second, string secondName)
    {
        if (shape.Elements == 0) return;
        if (first == 0) throw new ArgumentNullException(firstName, $"{firstName} must point to {shape.Elements} elements; got null.");
        if (second == 0) throw new ArgumentNullException(secondName, $"{secondName} must point to {shape.Elements} elements; got null.");
        if (shape.Channels > int.MaxValue / 4)
            throw new ArgumentOutOfRangeException(nameof(shape), shape.Channels, $"channels must be <= {int.MaxValue / 4}; got {shape.Channels}.");
    }
}
