using System.Runtime.CompilerServices;
using DyT.Kernels.Cpu.Simd;

namespace DyT.Kernels.Cpu.Functions;

/// <summary>
/// The last step of an odd function that saturates at +-1 (tanh, erf), given its value on |x|: never above 1 (a
/// rational fit can overshoot by an ulp near the end of its range), exactly 1 from the first float32 input whose
/// correctly rounded value is 1, so that the backward's slope there is exactly 0 (1 - t^2 of an exact 1, or a slope
/// the caller zeroes), and the sign of x put back (which keeps -0 and NaN).
/// </summary>
internal static class Saturation
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Finish<TV>(TV x, TV magnitude, TV value, float saturatesFrom) where TV : struct, ISimd<TV> =>
        Finish(x, Reached(magnitude, saturatesFrom), value);

    /// <summary><see cref="Finish{TV}(TV, TV, TV, float)"/> with the <see cref="Reached"/> mask already computed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Finish<TV>(TV x, TV saturated, TV value) where TV : struct, ISimd<TV>
    {
        var one = TV.Create(1f);
        var bounded = TV.Min(one, value); // NaN on the right: it stays NaN
        return TV.CopySign(TV.Select(saturated, one, bounded), x);
    }

    /// <summary>All ones where |x| has reached the saturation point (false for NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Reached<TV>(TV magnitude, float saturatesFrom) where TV : struct, ISimd<TV> =>
        TV.GreaterThanOrEqual(magnitude, TV.Create(saturatesFrom));
}
