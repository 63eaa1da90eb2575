using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DyT.Kernels.Cpu;

/// <summary>
/// float32 tanh as an odd rational function x*P(x^2)/Q(x^2) (degree 13 over degree 6, the minimax fit that Eigen and
/// XLA use), clamped where tanh rounds to +-1. About 2e-7 absolute and a few ulp relative error, and 10x faster than
/// libtorch's CPU tanh here, because it is only fused multiply-adds and one division.
/// </summary>
internal static class TanhApproximation
{
    // Beyond this |x| the fit is not used; tanh(7.9053) is 1 - 2.7e-7, which is 1 in float32 after rounding.
    private const float Clamp = 7.90531110763549805f;
    private const float A1 = 4.89352455891786e-03f, A3 = 6.37261928875436e-04f, A5 = 1.48572235717979e-05f;
    private const float A7 = 5.12229709037114e-08f, A9 = -8.60467152213735e-11f, A11 = 2.00018790482477e-13f;
    private const float A13 = -2.76076847742355e-16f;
    private const float B0 = 4.89352518554385e-03f, B2 = 2.26843463243900e-03f, B4 = 1.18534705686654e-04f;
    private const float B6 = 1.19825839466702e-06f;

    // Horner steps are written FMA(p, x2, c), accumulator first: the JIT then updates p in place
    // (vfmadd213ps p, x2, c) instead of copying x2 before every step, about 5% faster here.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Tanh(Vector256<float> x)
    {
        x = Vector256.Min(Vector256.Max(x, Vector256.Create(-Clamp)), Vector256.Create(Clamp));
        var x2 = x * x;
        var p = Vector256.FusedMultiplyAdd(x2, Vector256.Create(A13), Vector256.Create(A11));
        p = Vector256.FusedMultiplyAdd(p, x2, Vector256.Create(A9));
        p = Vector256.FusedMultiplyAdd(p, x2, Vector256.Create(A7));
        p = Vector256.FusedMultiplyAdd(p, x2, Vector256.Create(A5));
        p = Vector256.FusedMultiplyAdd(p, x2, Vector256.Create(A3));
        p = Vector256.FusedMultiplyAdd(p, x2, Vector256.Create(A1));
        var q = Vector256.FusedMultiplyAdd(x2, Vector256.Create(B6), Vector256.Create(B4));
        q = Vector256.FusedMultiplyAdd(q, x2, Vector256.Create(B2));
        q = Vector256.FusedMultiplyAdd(q, x2, Vector256.Create(B0));
        return x * p / q;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Tanh(float x)
    {
        x = float.Clamp(x, -Clamp, Clamp);
        var x2 = x * x;
        var p = float.FusedMultiplyAdd(x2, A13, A11);
        p = float.FusedMultiplyAdd(p, x2, A9);
        p = float.FusedMultiplyAdd(p, x2, A7);
        p = float.FusedMultiplyAdd(p, x2, A5);
        p = float.FusedMultiplyAdd(p, x2, A3);
        p = float.FusedMultiplyAdd(p, x2, A1);
        var q = float.FusedMultiplyAdd(x2, B6, B4);
        q = float.FusedMultiplyAdd(q, x2, B2);
        q = float.FusedMultiplyAdd(q, x2, B0);
        return x * p / q;
    }
}
