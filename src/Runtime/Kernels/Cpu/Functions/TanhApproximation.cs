using System.Runtime.CompilerServices;
using DyT.Kernels.Cpu.Simd;

namespace DyT.Kernels.Cpu.Functions;

/// <summary>
/// float32 tanh. The forward's is an odd rational function x*P(x^2)/Q(x^2) (degree 13 over degree 6, the minimax fit
/// that Eigen and XLA use) on |x| &lt;= 7.9053, at most 3e-7 absolute and a few ulp relative error against Math.Tanh;
/// 10x faster than libtorch's CPU tanh here, because it is only fused multiply-adds and one division. From 7.9053 the
/// fit's value there (1 - 4 ulp) is kept, and from <see cref="SaturatesFrom"/> the result is exactly +-1, as float32
/// tanh is. The backward's comes with its derivative from exp (<see cref="Tanh{TV}(TV, out TV)"/>).
/// </summary>
internal static class TanhApproximation
{
    /// <summary>The smallest float32 whose tanh rounds to 1 in float32 (0x41102CB4): 1 - tanh(x) &lt; 2^-25 from here.</summary>
    public const float SaturatesFrom = 9.01091385f;

    // The fit's range. Between it and SaturatesFrom, float32 tanh is 1 - 1..4 ulp; the fit's value at the limit is 1 - 4 ulp.
    private const float FitLimit = 7.90531110763549805f;
    private const float A1 = 4.89352455891786e-03f, A3 = 6.37261928875436e-04f, A5 = 1.48572235717979e-05f;
    private const float A7 = 5.12229709037114e-08f, A9 = -8.60467152213735e-11f, A11 = 2.00018790482477e-13f;
    private const float A13 = -2.76076847742355e-16f;
    private const float B0 = 4.89352518554385e-03f, B2 = 2.26843463243900e-03f, B4 = 1.18534705686654e-04f;
    private const float B6 = 1.19825839466702e-06f;

    // Horner steps are written MultiplyAdd(p, x2, c), accumulator first: the JIT then updates p in place
    // (vfmadd213ps p, x2, c) instead of copying x2 before every step, about 5% faster here.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Tanh<TV>(TV x) where TV : struct, ISimd<TV>
    {
        var magnitude = TV.Abs(x);
        var a = TV.Min(TV.Create(FitLimit), magnitude); // NaN on the right: it stays NaN
        var a2 = a * a;
        var p = TV.MultiplyAdd(a2, TV.Create(A13), TV.Create(A11));
        p = TV.MultiplyAdd(p, a2, TV.Create(A9));
        p = TV.MultiplyAdd(p, a2, TV.Create(A7));
        p = TV.MultiplyAdd(p, a2, TV.Create(A5));
        p = TV.MultiplyAdd(p, a2, TV.Create(A3));
        p = TV.MultiplyAdd(p, a2, TV.Create(A1));
        var q = TV.MultiplyAdd(a2, TV.Create(B6), TV.Create(B4));
        q = TV.MultiplyAdd(q, a2, TV.Create(B2));
        q = TV.MultiplyAdd(q, a2, TV.Create(B0));
        return Saturation.Finish(x, magnitude, a * p / q, SaturatesFrom);
    }

    /// <summary>
    /// tanh(x) and its derivative 1 - tanh(x)^2 for the backward, both from e = exp(-2|x|): tanh|x| = -(e - 1) / (1 + e)
    /// and 1 - tanh^2 = 4e / (1 + e)^2, each within a few ulp relative. 1 - t^2 from a float32 t cannot do that:
    /// towards saturation (|x| from 7 to 9) it cancels to an error as large as the value itself, and summed over many
    /// such inputs times x (dalpha) that error exceeded 1e-6 of the gradient's scale. From <see cref="SaturatesFrom"/>,
    /// tanh is exactly +-1 and the derivative exactly 0, as with <see cref="Tanh{TV}(TV)"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Tanh<TV>(TV x, out TV slope) where TV : struct, ISimd<TV>
    {
        var magnitude = TV.Abs(x);
        var a = TV.Min(TV.Create(SaturatesFrom), magnitude); // exp's argument stays in [-18.03, 0]; NaN stays NaN
        var e = ExpApproximation.Exp(a * TV.Create(-2f), out var eMinusOne);
        var inverse = TV.Create(1f) / (TV.Create(1f) + e);
        var saturated = Saturation.Reached(magnitude, SaturatesFrom); // once: the JIT did not share two compares
        slope = TV.Select(saturated, TV.Zero, e * TV.Create(4f) * inverse * inverse);
        return Saturation.Finish(x, saturated, -eMinusOne * inverse);
    }

    /// <summary>tanh of one float (loop tails and tests): the vector arithmetic on one lane.</summary>
    public static float Tanh(float x) => Tanh(new Lane1(x)).Sum();
}
