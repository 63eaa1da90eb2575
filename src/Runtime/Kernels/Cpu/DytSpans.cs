using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using static DyT.Kernels.Cpu.TanhApproximation;

namespace DyT.Kernels.Cpu;

/// <summary>
/// The float32 arithmetic of DyT on one contiguous run, in two forms: a weight that varies per element (a
/// channels-last row) and a weight that is one scalar for the run (a channels-first plane, or no affine at all).
/// Backward recomputes tanh from x rather than reading a saved output. The loops are compiled fully optimized at
/// once (AggressiveOptimization): under tiered compilation they start unoptimized, and on a busy machine the
/// backward was seen staying there, ten times slower than the forward.
/// </summary>
internal static unsafe class DytSpans
{
    /// <summary>y = w * tanh(a x) + b with per-element w and b; b may be null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ForwardVector(float* x, float* y, int n, float alpha, float* w, float* b)
    {
        var a = Vector256.Create(alpha);
        var i = 0;
        if (b != null)
        {
            for (; i <= n - 8; i += 8)
                Vector256.FusedMultiplyAdd(Tanh(Vector256.Load(x + i) * a), Vector256.Load(w + i), Vector256.Load(b + i)).Store(y + i);
            for (; i < n; i++) y[i] = float.FusedMultiplyAdd(Tanh(x[i] * alpha), w[i], b[i]);
        }
        else
        {
            for (; i <= n - 8; i += 8) (Tanh(Vector256.Load(x + i) * a) * Vector256.Load(w + i)).Store(y + i);
            for (; i < n; i++) y[i] = Tanh(x[i] * alpha) * w[i];
        }
    }

    /// <summary>y = w * tanh(a x) + b with one scalar w and b for the whole run.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ForwardScalar(float* x, float* y, int n, float alpha, float w, float b)
    {
        var (a, vw, vb) = (Vector256.Create(alpha), Vector256.Create(w), Vector256.Create(b));
        var i = 0;
        for (; i <= n - 8; i += 8) Vector256.FusedMultiplyAdd(Tanh(Vector256.Load(x + i) * a), vw, vb).Store(y + i);
        for (; i < n; i++) y[i] = float.FusedMultiplyAdd(Tanh(x[i] * alpha), w, b);
    }

    /// <summary>
    /// Backward of a row with per-element weight: writes dx (when not null), adds dy*t into <paramref name="dw"/> and
    /// dy into <paramref name="db"/> (when not null), and returns this run's contribution to dalpha,
    /// sum(dy * w * (1 - t^2) * x).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float BackwardVector(float* x, float* dy, float* dx, int n, float alpha, float* w, float* dw, float* db)
    {
        var a = Vector256.Create(alpha);
        var sumAlpha = Vector256<float>.Zero;
        var i = 0;
        for (; i <= n - 8; i += 8)
        {
            var xv = Vector256.Load(x + i);
            var g = Vector256.Load(dy + i);
            var t = Tanh(xv * a);
            var gs = g * Vector256.Load(w + i) * Vector256.FusedMultiplyAdd(-t, t, Vector256<float>.One);
            if (dx != null) (gs * a).Store(dx + i);
            sumAlpha = Vector256.FusedMultiplyAdd(gs, xv, sumAlpha);
            Vector256.FusedMultiplyAdd(g, t, Vector256.Load(dw + i)).Store(dw + i);
            if (db != null) (Vector256.Load(db + i) + g).Store(db + i);
        }
        var total = Vector256.Sum(sumAlpha);
        for (; i < n; i++)
        {
            var t = Tanh(x[i] * alpha);
            var gs = dy[i] * w[i] * (1 - t * t);
            if (dx != null) dx[i] = gs * alpha;
            total += gs * x[i];
            dw[i] += dy[i] * t;
            if (db != null) db[i] += dy[i];
        }
        return total;
    }

    /// <summary>Backward of a run with a scalar weight: writes dx (when not null) and returns the run's sums.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static RunSums BackwardScalar(float* x, float* dy, float* dx, int n, float alpha, float w)
    {
        var (a, wa) = (Vector256.Create(alpha), Vector256.Create(w * alpha));
        Vector256<float> sumAlpha = default, sumDyT = default, sumDy = default;
        var i = 0;
        for (; i <= n - 8; i += 8)
        {
            var xv = Vector256.Load(x + i);
            var g = Vector256.Load(dy + i);
            var t = Tanh(xv * a);
            var gs = g * Vector256.FusedMultiplyAdd(-t, t, Vector256<float>.One);
            if (dx != null) (gs * wa).Store(dx + i);
            sumAlpha = Vector256.FusedMultiplyAdd(gs, xv, sumAlpha);
            sumDyT = Vector256.FusedMultiplyAdd(g, t, sumDyT);
            sumDy += g;
        }
        var sums = new RunSums(Vector256.Sum(sumAlpha) * w, Vector256.Sum(sumDyT), Vector256.Sum(sumDy));
        for (; i < n; i++)
        {
            var t = Tanh(x[i] * alpha);
            var gs = dy[i] * (1 - t * t);
            if (dx != null) dx[i] = gs * w * alpha;
            sums = sums.Add(gs * w * x[i], dy[i] * t, dy[i]);
        }
        return sums;
    }
}

/// <summary>Partial sums of one run: dalpha, dweight (sum dy*t) and dbias (sum dy) contributions.</summary>
internal readonly record struct RunSums(double Alpha, double DyT, double Dy)
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public RunSums Add(double alpha, double dyT, double dy) => new(Alpha + alpha, DyT + dyT, Dy + dy);

    public RunSums Add(RunSums other) => Add(other.Alpha, other.DyT, other.Dy);
}
