using System.Runtime.CompilerServices;
using DyT.Kernels.Cpu.Functions;
using DyT.Kernels.Cpu.Simd;

namespace DyT.Kernels.Cpu.Pointwise;

/// <summary>
/// Runs the float32 span loops of <see cref="PointwiseSpans{TF, TV}"/> on the work items of any element type: float32
/// directly (whole rows of a batch in one call, see <see cref="WholeRows"/>), float16/bfloat16 item by item through
/// stack buffers of <see cref="HalfStaging.Chunk"/> elements.
/// </summary>
internal readonly unsafe struct PointwiseRun<TF, TV>
    where TF : struct, IPointwiseFunction
    where TV : struct, ISimd<TV>
{
    /// <summary>Floats of stack the caller provides: staged x, dy and result.</summary>
    public const int StagingFloats = 3 * HalfStaging.Chunk;

    private readonly DytElementType type;
    private readonly WorkPlan plan;
    private readonly long channels;
    private readonly PointwiseScalars scalars;
    private readonly float* weight;
    private readonly float* bias;
    private readonly float* staging;

    public PointwiseRun(DytElementType type, WorkPlan plan, DytShape shape, PointwiseScalars scalars, float* weight, float* bias,
        float* staging)
    {
        this.type = type;
        this.plan = plan;
        channels = shape.Channels;
        this.scalars = scalars;
        this.weight = weight;
        this.bias = bias;
        this.staging = staging;
    }

    /// <summary>True when the items are float32 rows: then a batch's items are contiguous and run in one call.</summary>
    public bool WholeRows => plan.Rows && type == DytElementType.Float32;

    /// <summary>The forward of <paramref name="rows"/> contiguous float32 rows (<see cref="WholeRows"/>).</summary>
    public void ForwardRows(byte* x, byte* y, long rows) =>
        PointwiseSpans<TF, TV>.ForwardRows((float*)x, (float*)y, (int)rows, (int)channels, scalars, weight, bias);

    /// <summary>The backward of <paramref name="rows"/> contiguous float32 rows (<see cref="WholeRows"/>): their sums.</summary>
    public RunSums BackwardRows(byte* x, byte* dy, byte* dx, long rows, float* dw, float* db) =>
        PointwiseSpans<TF, TV>.BackwardRows((float*)x, (float*)dy, (float*)dx, (int)rows, (int)channels, scalars, weight, dw, db);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Forward(byte* x, byte* y, int length, long item)
    {
        if (type == DytElementType.Float32)
        {
            ForwardFloat((float*)x, (float*)y, length, 0, item);
            return;
        }
        float* sx = staging, sy = staging + HalfStaging.Chunk;
        for (var start = 0; start < length; start += HalfStaging.Chunk)
        {
            var n = System.Math.Min(HalfStaging.Chunk, length - start);
            HalfStaging.ToFloat(type, x + start * 2, sx, n);
            ForwardFloat(sx, sy, n, start, item);
            HalfStaging.FromFloat(type, sy, y + start * 2, n);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public RunSums Backward(byte* x, byte* dy, byte* dx, int length, long item, float* dw, float* db)
    {
        if (type == DytElementType.Float32)
            return BackwardFloat((float*)x, (float*)dy, (float*)dx, length, 0, item, dw, db);
        float* sx = staging, sdy = staging + HalfStaging.Chunk, sdx = staging + 2 * HalfStaging.Chunk;
        var sums = default(RunSums);
        for (var start = 0; start < length; start += HalfStaging.Chunk)
        {
            var n = System.Math.Min(HalfStaging.Chunk, length - start);
            HalfStaging.ToFloat(type, x + start * 2, sx, n);
            HalfStaging.ToFloat(type, dy + start * 2, sdy, n);
            sums = sums.Add(BackwardFloat(sx, sdy, dx == null ? null : sdx, n, start, item, dw, db));
            if (dx != null) HalfStaging.FromFloat(type, sdx, dx + start * 2, n);
        }
        return sums;
    }

    // `column` is where this chunk starts inside a row: the offset into weight, bias and the row accumulators.
    private void ForwardFloat(float* x, float* y, int n, int column, long item)
    {
        if (plan.Rows)
        {
            PointwiseSpans<TF, TV>.ForwardRows(x, y, 1, n, scalars, weight + column, bias == null ? null : bias + column);
            return;
        }
        var (w, b) = ScalarParameters(item);
        PointwiseSpans<TF, TV>.ForwardPlane(x, y, n, scalars, w, b);
    }

    private RunSums BackwardFloat(float* x, float* dy, float* dx, int n, int column, long item, float* dw, float* db)
    {
        if (plan.Rows)
            return PointwiseSpans<TF, TV>.BackwardRows(x, dy, dx, 1, n, scalars, weight + column, dw + column, db == null ? null : db + column);
        return PointwiseSpans<TF, TV>.BackwardPlane(x, dy, dx, n, scalars, ScalarParameters(item).Weight);
    }

    private (float Weight, float Bias) ScalarParameters(long item)
    {
        if (weight == null) return (1f, 0f);
        var channel = item / plan.SegmentsPerPlane % channels;
        return (weight[channel], bias == null ? 0f : bias[channel]);
    }
}
