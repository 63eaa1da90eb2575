using System.Runtime.CompilerServices;

namespace DyT.Kernels.Cpu.Simd;

/// <summary>
/// A float32 vector of one width (<see cref="Lanes128"/>, <see cref="Lanes256"/>, <see cref="Lanes512"/>, or
/// <see cref="Lane1"/> for loop tails), so each kernel loop and each approximation is written once and compiled for
/// every width: the JIT specializes generic code per struct type argument and inlines these members, so
/// <c>Kernel&lt;Lanes512&gt;</c> is the same machine code as a loop written with Vector512 by hand.
/// Masks (comparison results) are vectors whose lanes are all ones or all zeros.
/// </summary>
internal unsafe interface ISimd<TSelf> where TSelf : struct, ISimd<TSelf>
{
    /// <summary>Floats per vector.</summary>
    static abstract int Count { get; }

    static abstract TSelf Zero { get; }

    static abstract TSelf Create(float value);

    static abstract TSelf Load(float* source);

    void Store(float* destination);

    /// <summary>The sum of the lanes, in a fixed order.</summary>
    float Sum();

    static abstract TSelf operator +(TSelf left, TSelf right);

    static abstract TSelf operator -(TSelf left, TSelf right);

    static abstract TSelf operator *(TSelf left, TSelf right);

    static abstract TSelf operator /(TSelf left, TSelf right);

    static abstract TSelf operator -(TSelf value);

    /// <summary><c>a * b + c</c> with one rounding.</summary>
    static abstract TSelf MultiplyAdd(TSelf a, TSelf b, TSelf c);

    /// <summary>The smaller lane; where either is NaN, <paramref name="right"/> (the hardware's minps/fmin rule is
    /// the same for a NaN in <paramref name="right"/>): put the value that may be NaN on the right to keep it.</summary>
    static abstract TSelf Min(TSelf left, TSelf right);

    static abstract TSelf Abs(TSelf value);

    /// <summary>|<paramref name="magnitude"/>| with the sign bit of <paramref name="sign"/>.</summary>
    static abstract TSelf CopySign(TSelf magnitude, TSelf sign);

    /// <summary>All ones where <paramref name="left"/> &gt;= <paramref name="right"/> (false for NaN).</summary>
    static abstract TSelf GreaterThanOrEqual(TSelf left, TSelf right);

    /// <summary><paramref name="whenTrue"/> where <paramref name="mask"/> is set, else <paramref name="whenFalse"/>.</summary>
    static abstract TSelf Select(TSelf mask, TSelf whenTrue, TSelf whenFalse);

    /// <summary>The nearest integer (ties to even), as a float.</summary>
    static abstract TSelf Round(TSelf value);

    /// <summary><c>2^n</c> for integral <paramref name="n"/> in [-126, 127], from its exponent bits.</summary>
    static abstract TSelf PowerOfTwo(TSelf n);
}
