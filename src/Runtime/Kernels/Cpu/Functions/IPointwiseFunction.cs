using System.Runtime.CompilerServices;
using DyT.Kernels.Cpu.Simd;

namespace DyT.Kernels.Cpu.Functions;

/// <summary>
/// The squashing function f of a pointwise norm <c>y = weight * f(alpha * x + shift) + bias</c>: tanh for DyT, erf
/// for Derf. The kernels are generic over it, so each norm gets its own fully inlined loops.
/// </summary>
internal interface IPointwiseFunction
{
    /// <summary>False when the norm has no shift (DyT): u = alpha * x, and no shift gradient is summed.</summary>
    static abstract bool HasShift { get; }

    static abstract TV Value<TV>(TV u) where TV : struct, ISimd<TV>;

    /// <summary>f(u) and f'(u), the derivative exactly 0 where f(u) saturates at +-1.</summary>
    static abstract TV Value<TV>(TV u, out TV slope) where TV : struct, ISimd<TV>;
}

/// <summary>DyT: tanh; the backward's tanh and 1 - tanh^2 come from exp (0 exactly where tanh is +-1).</summary>
internal readonly struct TanhFunction : IPointwiseFunction
{
    public static bool HasShift => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Value<TV>(TV u) where TV : struct, ISimd<TV> => TanhApproximation.Tanh(u);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Value<TV>(TV u, out TV slope) where TV : struct, ISimd<TV> => TanhApproximation.Tanh(u, out slope);
}

/// <summary>Derf: erf, whose derivative 2/sqrt(pi) exp(-u^2) is computed from exp, not from erf's value.</summary>
internal readonly struct ErfFunction : IPointwiseFunction
{
    public static bool HasShift => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Value<TV>(TV u) where TV : struct, ISimd<TV> => ErfApproximation.Erf(u);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Value<TV>(TV u, out TV slope) where TV : struct, ISimd<TV>
    {
        slope = ErfApproximation.Slope(u);
        return ErfApproximation.Erf(u);
    }
}
