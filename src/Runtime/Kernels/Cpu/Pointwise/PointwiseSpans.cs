using System.Runtime.CompilerServices;
using DyT.Kernels.Cpu.Functions;
using DyT.Kernels.Cpu.Simd;

namespace DyT.Kernels.Cpu.Pointwise;

/// <summary>
/// The float32 arithmetic of <c>y = w * f(alpha * x + shift) + b</c> on contiguous memory, in two forms: rows whose
/// weight varies per element (channels-last) and one run with one scalar weight (a channels-first plane, or no affine).
/// Each loop runs at the width <typeparamref name="TV"/> and finishes the tail with the same code on one lane
/// (<see cref="Lane1"/>). Backward recomputes f from x rather than reading a saved output. The entry points are compiled
/// fully optimized at once (AggressiveOptimization): under tiered compilation they start unoptimized, and on a busy
/// machine the backward was seen staying there, ten times slower than the forward.
/// </summary>
internal static unsafe class PointwiseSpans<TF, TV>
    where TF : struct, IPointwiseFunction
    where TV : struct, ISimd<TV>
{
    // Every loop is compiled on its own (never inlined into its caller), with the whole inlining budget of the JIT for
    // the function's arithmetic. Inlined into PointwiseRun's batch lambda, the JIT ran out of budget before the
    // function's helpers and called them once per vector: channels-first DyT and Derf ran 2x (tanh) to 30x (erf)
    // slower than channels-last, and the bfloat16 row forward, whose loops were inlined there a second time after the
    // float32 ones, 15x slower (8.7 against 0.57 ms at 32x197x384, AVX-512). The row loops take a whole batch of rows
    // per call: called once per row, the float32 DyT forward and backward ran about 10% slower.
    private const MethodImplOptions Loop = MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining;

    /// <summary>
    /// y = w * f(u) + b on <paramref name="rows"/> contiguous rows of <paramref name="n"/> elements, with per-element w
    /// and b (the same for every row); b may be null.
    /// </summary>
    [MethodImpl(Loop)]
    public static void ForwardRows(float* x, float* y, int rows, int n, PointwiseScalars scalars, float* w, float* b)
    {
        for (var row = 0; row < rows; row++, x += n, y += n)
        {
            var i = ForwardRowFrom<TV>(0, x, y, n, scalars, w, b);
            ForwardRowFrom<Lane1>(i, x, y, n, scalars, w, b);
        }
    }

    /// <summary>y = w * f(u) + b with one scalar w and b for the whole run.</summary>
    [MethodImpl(Loop)]
    public static void ForwardPlane(float* x, float* y, int n, PointwiseScalars scalars, float w, float b)
    {
        var i = ForwardPlaneFrom<TV>(0, x, y, n, scalars, w, b);
        ForwardPlaneFrom<Lane1>(i, x, y, n, scalars, w, b);
    }

    /// <summary>
    /// Backward of <see cref="ForwardRows"/>: writes dx (when not null), adds dy*f into <paramref name="dw"/> and dy
    /// into <paramref name="db"/> (when not null), and returns the rows' contributions to dalpha, sum(dy * w * f' * x),
    /// and dshift, sum(dy * w * f'), summed row by row in order.
    /// </summary>
    [MethodImpl(Loop)]
    public static RunSums BackwardRows(float* x, float* dy, float* dx, int rows, int n, PointwiseScalars scalars, float* w,
        float* dw, float* db)
    {
        var sums = default(RunSums);
        for (var row = 0; row < rows; row++, x += n, dy += n)
        {
            var i = 0;
            var body = BackwardRowFrom<TV>(ref i, x, dy, dx, n, scalars, w, dw, db);
            var tail = BackwardRowFrom<Lane1>(ref i, x, dy, dx, n, scalars, w, dw, db);
            sums = sums.Add(body.Add(tail));
            if (dx != null) dx += n;
        }
        return sums;
    }

    /// <summary>Backward of a run with a scalar weight: writes dx (when not null) and returns the run's sums.</summary>
    [MethodImpl(Loop)]
    public static RunSums BackwardPlane(float* x, float* dy, float* dx, int n, PointwiseScalars scalars, float w)
    {
        var i = 0;
        var body = BackwardPlaneFrom<TV>(ref i, x, dy, dx, n, scalars, w);
        var tail = BackwardPlaneFrom<Lane1>(ref i, x, dy, dx, n, scalars, w);
        // The scalar weight is applied to the sums once, not to every term.
        var sums = body.Add(tail);
        return sums with { Alpha = sums.Alpha * w, Shift = sums.Shift * w };
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Argument<T>(T x, T alpha, T shift) where T : struct, ISimd<T> =>
        TF.HasShift ? T.MultiplyAdd(x, alpha, shift) : x * alpha;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ForwardRowFrom<T>(int i, float* x, float* y, int n, PointwiseScalars scalars, float* w, float* b)
        where T : struct, ISimd<T>
    {
        var (alpha, shift) = (T.Create(scalars.Alpha), T.Create(scalars.Shift));
        if (b != null)
            for (; i <= n - T.Count; i += T.Count)
                T.MultiplyAdd(TF.Value(Argument(T.Load(x + i), alpha, shift)), T.Load(w + i), T.Load(b + i)).Store(y + i);
        else
            for (; i <= n - T.Count; i += T.Count)
                (TF.Value(Argument(T.Load(x + i), alpha, shift)) * T.Load(w + i)).Store(y + i);
        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ForwardPlaneFrom<T>(int i, float* x, float* y, int n, PointwiseScalars scalars, float w, float b)
        where T : struct, ISimd<T>
    {
        var (alpha, shift, vw, vb) = (T.Create(scalars.Alpha), T.Create(scalars.Shift), T.Create(w), T.Create(b));
        for (; i <= n - T.Count; i += T.Count)
            T.MultiplyAdd(TF.Value(Argument(T.Load(x + i), alpha, shift)), vw, vb).Store(y + i);
        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static RunSums BackwardRowFrom<T>(ref int i, float* x, float* dy, float* dx, int n, PointwiseScalars scalars,
        float* w, float* dw, float* db) where T : struct, ISimd<T>
    {
        var (alpha, shift) = (T.Create(scalars.Alpha), T.Create(scalars.Shift));
        T sumAlpha = T.Zero, sumShift = T.Zero;
        for (; i <= n - T.Count; i += T.Count)
        {
            var xv = T.Load(x + i);
            var g = T.Load(dy + i);
            var f = TF.Value(Argument(xv, alpha, shift), out var slope);
            var gs = g * T.Load(w + i) * slope;
            if (dx != null) (gs * alpha).Store(dx + i);
            sumAlpha = T.MultiplyAdd(gs, xv, sumAlpha);
            if (TF.HasShift) sumShift += gs;
            T.MultiplyAdd(g, f, T.Load(dw + i)).Store(dw + i);
            if (db != null) (T.Load(db + i) + g).Store(db + i);
        }
        return new RunSums(sumAlpha.Sum(), sumShift.Sum(), 0, 0);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static RunSums BackwardPlaneFrom<T>(ref int i, float* x, float* dy, float* dx, int n, PointwiseScalars scalars, float w)
        where T : struct, ISimd<T>
    {
        var (alpha, shift, weightAlpha) = (T.Create(scalars.Alpha), T.Create(scalars.Shift), T.Create(w * scalars.Alpha));
        T sumAlpha = T.Zero, sumShift = T.Zero, sumDyF = T.Zero, sumDy = T.Zero;
        for (; i <= n - T.Count; i += T.Count)
        {
            var xv = T.Load(x + i);
            var g = T.Load(dy + i);
            var f = TF.Value(Argument(xv, alpha, shift), out var slope);
            var gs = g * slope;
            if (dx != null) (gs * weightAlpha).Store(dx + i);
            sumAlpha = T.MultiplyAdd(gs, xv, sumAlpha);
            if (TF.HasShift) sumShift += gs;
            sumDyF = T.MultiplyAdd(g, f, sumDyF);
            sumDy += g;
        }
        return new RunSums(sumAlpha.Sum(), sumShift.Sum(), sumDyF.Sum(), sumDy.Sum());
    }
}

/// <summary>The scalars of a pointwise norm: alpha, and the shift (0 for DyT).</summary>
internal readonly record struct PointwiseScalars(float Alpha, float Shift);

/// <summary>
/// Partial sums of one run: dalpha, dshift, dweight (sum dy*f) and dbias (sum dy) contributions; the last two only for
/// a scalar-weight run (rows add them into per-channel buffers instead).
/// </summary>
internal readonly record struct RunSums(double Alpha, double Shift, double DyF, double Dy)
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public RunSums Add(RunSums other) => new(Alpha + other.Alpha, Shift + other.Shift, DyF + other.DyF, Dy + other.Dy);
}
