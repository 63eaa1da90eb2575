using System;
using System.Runtime.CompilerServices;
using DyT.Kernels.Cpu.Simd;

namespace DyT.Kernels.Cpu.RmsNorm;

/// <summary>
/// RMSNorm of one row of any element type: float32 directly, float16/bfloat16 through stack buffers of
/// <see cref="HalfStaging.Chunk"/> elements, widened again for the second pass (the statistics need the whole row
/// first). The inverse RMS r = 1/sqrt(mean(x^2) + eps) is computed in float64 from the float32 sum of squares.
/// </summary>
internal readonly unsafe struct RmsNormRow<TV> where TV : struct, ISimd<TV>
{
    /// <summary>Floats of stack the caller provides: staged x, dy and result.</summary>
    public const int StagingFloats = 3 * HalfStaging.Chunk;

    private readonly DytElementType type;
    private readonly int channels;
    private readonly double eps;
    private readonly float* weight;
    private readonly float* staging;

    public RmsNormRow(DytElementType type, int channels, double eps, float* weight, float* staging)
    {
        this.type = type;
        this.channels = channels;
        this.eps = eps;
        this.weight = weight;
        this.staging = staging;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Forward(byte* x, byte* y)
    {
        if (type == DytElementType.Float32)
        {
            RmsNormSpans<TV>.Forward((float*)x, (float*)y, channels, InverseRms(RmsNormSpans<TV>.SumOfSquares((float*)x, channels)), weight);
            return;
        }
        float* sx = staging, sy = staging + HalfStaging.Chunk;
        double squares = 0;
        for (var start = 0; start < channels; start += HalfStaging.Chunk)
        {
            var n = Math.Min(HalfStaging.Chunk, channels - start);
            HalfStaging.ToFloat(type, x + start * 2, sx, n);
            squares += RmsNormSpans<TV>.SumOfSquares(sx, n);
        }
        var inverseRms = InverseRms(squares);
        for (var start = 0; start < channels; start += HalfStaging.Chunk)
        {
            var n = Math.Min(HalfStaging.Chunk, channels - start);
            HalfStaging.ToFloat(type, x + start * 2, sx, n);
            RmsNormSpans<TV>.Forward(sx, sy, n, inverseRms, weight + start);
            HalfStaging.FromFloat(type, sy, y + start * 2, n);
        }
    }

    /// <summary>Writes the row's dx (when not null) and adds its dweight terms into <paramref name="dw"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Backward(byte* x, byte* dy, byte* dx, float* dw)
    {
        if (type == DytElementType.Float32)
        {
            var (squares, dot) = RmsNormSpans<TV>.SumOfSquaresAndDot((float*)x, (float*)dy, weight, channels);
            var (r, k) = Factors(squares, dot);
            RmsNormSpans<TV>.Backward((float*)x, (float*)dy, (float*)dx, channels, r, k, weight, dw);
            return;
        }
        float* sx = staging, sdy = staging + HalfStaging.Chunk, sdx = staging + 2 * HalfStaging.Chunk;
        double squareSum = 0, dotSum = 0;
        for (var start = 0; start < channels; start += HalfStaging.Chunk)
        {
            var n = Math.Min(HalfStaging.Chunk, channels - start);
            HalfStaging.ToFloat(type, x + start * 2, sx, n);
            HalfStaging.ToFloat(type, dy + start * 2, sdy, n);
            var (squares, dot) = RmsNormSpans<TV>.SumOfSquaresAndDot(sx, sdy, weight + start, n);
            (squareSum, dotSum) = (squareSum + squares, dotSum + dot);
        }
        var (rf, kf) = Factors(squareSum, dotSum);
        for (var start = 0; start < channels; start += HalfStaging.Chunk)
        {
            var n = Math.Min(HalfStaging.Chunk, channels - start);
            HalfStaging.ToFloat(type, x + start * 2, sx, n);
            HalfStaging.ToFloat(type, dy + start * 2, sdy, n);
            RmsNormSpans<TV>.Backward(sx, sdy, dx == null ? null : sdx, n, rf, kf, weight + start, dw + start);
            if (dx != null) HalfStaging.FromFloat(type, sdx, dx + start * 2, n);
        }
    }

    private float InverseRms(double squares) => (float)(1 / Math.Sqrt(squares / channels + eps));

    // dx = r dy w - x r^3 sum(dy w x) / C: r and k = r^3 * sum(dy w x) / C.
    private (float R, float K) Factors(double squares, double dot)
    {
        var r = 1 / Math.Sqrt(squares / channels + eps);
        return ((float)r, (float)(r * r * r * dot / channels));
    }
}
