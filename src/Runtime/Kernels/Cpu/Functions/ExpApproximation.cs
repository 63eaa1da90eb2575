using System.Runtime.CompilerServices;
using DyT.Kernels.Cpu.Simd;

namespace DyT.Kernels.Cpu.Functions;

/// <summary>
/// float32 exp(v) and exp(v) - 1 for v in [-87, 88]: v = n ln2 + r with n = round(v / ln2) and |r| &lt;= ln2/2 (ln2 split
/// in two so that r is exact), e^r - 1 = r h(r) with h a degree-5 polynomial (e^r by a degree-6 minimax fit of relative
/// error on [-ln2/2, ln2/2], fitted for this project; <c>fit_approximations.py</c>), and 2^n from exponent bits. exp is
/// within 1.5e-7 relative of Math.Exp on [-18, 0], exp - 1 within a few ulp relative, including near 0 where
/// <c>exp(v) - 1</c> computed from exp would cancel (both tested). Outside [-87, 88] the result is wrong: 2^n leaves the
/// normal float range; callers keep their arguments inside.
/// </summary>
internal static class ExpApproximation
{
    private const float Log2E = 1.44269502f;
    private const float Ln2High = 0.693359375f;  // 9 significant bits: n * Ln2High is exact
    private const float Ln2Low = -2.12194442e-4f;
    private const float C1 = 1f, C2 = 0.49999994f, C3 = 0.166664317f, C4 = 0.0416680016f;
    private const float C5 = 0.0083741555f, C6 = 0.00138436537f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Exp<TV>(TV v) where TV : struct, ISimd<TV> => Exp(v, out _);

    /// <summary>exp(v), and exp(v) - 1 in <paramref name="minusOne"/> (the JIT drops it where it is not used).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Exp<TV>(TV v, out TV minusOne) where TV : struct, ISimd<TV>
    {
        var n = TV.Round(v * TV.Create(Log2E));
        var r = TV.MultiplyAdd(n, TV.Create(-Ln2High), v);
        r = TV.MultiplyAdd(n, TV.Create(-Ln2Low), r);
        var h = TV.MultiplyAdd(r, TV.Create(C6), TV.Create(C5));
        h = TV.MultiplyAdd(h, r, TV.Create(C4));
        h = TV.MultiplyAdd(h, r, TV.Create(C3));
        h = TV.MultiplyAdd(h, r, TV.Create(C2));
        h = TV.MultiplyAdd(h, r, TV.Create(C1));
        var rMinusOne = h * r; // e^r - 1
        var scale = TV.PowerOfTwo(n);
        // 2^n - 1 is exact for n >= -24; below that exp(v) - 1 is -1 within an ulp anyway.
        minusOne = TV.MultiplyAdd(scale, rMinusOne, scale - TV.Create(1f));
        return TV.MultiplyAdd(scale, rMinusOne, scale);
    }

    /// <summary>exp of one float (tests): the vector arithmetic on one lane.</summary>
    public static float Exp(float v) => Exp(new Lane1(v)).Sum();

    /// <summary>exp - 1 of one float (tests).</summary>
    public static float ExpMinusOne(float v)
    {
        Exp(new Lane1(v), out var minusOne);
        return minusOne.Sum();
    }
}
