using System.Runtime.CompilerServices;
using DyT.Kernels.Cpu.Simd;

namespace DyT.Kernels.Cpu.RmsNorm;

/// <summary>
/// The float32 loops of RMSNorm on one contiguous piece of a row (a whole float32 row, or one staged chunk of a half
/// row), at the width <typeparamref name="TV"/> with the tail on one lane. <c>w</c>, <c>dw</c> point at the piece's
/// first channel. Sums are returned per piece, so the caller adds pieces in a fixed order.
/// </summary>
internal static unsafe class RmsNormSpans<TV> where TV : struct, ISimd<TV>
{
    /// <summary>sum(x^2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float SumOfSquares(float* x, int n)
    {
        var i = 0;
        var body = SumOfSquaresFrom<TV>(ref i, x, n);
        return body + SumOfSquaresFrom<Lane1>(ref i, x, n);
    }

    /// <summary>sum(x^2) and sum(dy * w * x): what the backward needs before it can write dx.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (float Squares, float Dot) SumOfSquaresAndDot(float* x, float* dy, float* w, int n)
    {
        var i = 0;
        var body = SumsFrom<TV>(ref i, x, dy, w, n);
        var tail = SumsFrom<Lane1>(ref i, x, dy, w, n);
        return (body.Squares + tail.Squares, body.Dot + tail.Dot);
    }

    /// <summary>y = (x * r) * w, in the unfused chain's order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(float* x, float* y, int n, float r, float* w)
    {
        var i = ForwardFrom<TV>(0, x, y, n, r, w);
        ForwardFrom<Lane1>(i, x, y, n, r, w);
    }

    /// <summary>dx = r * dy * w - x * k (k = r^3 * sum(dy w x) / C), when dx is not null; dw += dy * x * r.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(float* x, float* dy, float* dx, int n, float r, float k, float* w, float* dw)
    {
        var i = BackwardFrom<TV>(0, x, dy, dx, n, r, k, w, dw);
        BackwardFrom<Lane1>(i, x, dy, dx, n, r, k, w, dw);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float SumOfSquaresFrom<T>(ref int i, float* x, int n) where T : struct, ISimd<T>
    {
        var sum = T.Zero;
        for (; i <= n - T.Count; i += T.Count)
        {
            var xv = T.Load(x + i);
            sum = T.MultiplyAdd(xv, xv, sum);
        }
        return sum.Sum();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (float Squares, float Dot) SumsFrom<T>(ref int i, float* x, float* dy, float* w, int n) where T : struct, ISimd<T>
    {
        T squares = T.Zero, dot = T.Zero;
        for (; i <= n - T.Count; i += T.Count)
        {
            var xv = T.Load(x + i);
            squares = T.MultiplyAdd(xv, xv, squares);
            dot = T.MultiplyAdd(T.Load(dy + i) * T.Load(w + i), xv, dot);
        }
        return (squares.Sum(), dot.Sum());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ForwardFrom<T>(int i, float* x, float* y, int n, float r, float* w) where T : struct, ISimd<T>
    {
        var vr = T.Create(r);
        for (; i <= n - T.Count; i += T.Count) (T.Load(x + i) * vr * T.Load(w + i)).Store(y + i);
        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int BackwardFrom<T>(int i, float* x, float* dy, float* dx, int n, float r, float k, float* w, float* dw)
        where T : struct, ISimd<T>
    {
        var (vr, vk) = (T.Create(r), T.Create(k));
        for (; i <= n - T.Count; i += T.Count)
        {
            var xv = T.Load(x + i);
            var g = T.Load(dy + i);
            if (dx != null) T.MultiplyAdd(-xv, vk, g * T.Load(w + i) * vr).Store(dx + i);
            T.MultiplyAdd(g, xv * vr, T.Load(dw + i)).Store(dw + i);
        }
        return i;
    }
}
