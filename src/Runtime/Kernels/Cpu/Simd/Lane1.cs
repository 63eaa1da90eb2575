using System;
using System.Runtime.CompilerServices;

namespace DyT.Kernels.Cpu.Simd;

/// <summary>
/// One float32 lane: the loop tails after the last full vector, computed by the same generic code as the vectors (so
/// the same approximation, rounding and saturation), with scalar instructions.
/// </summary>
internal readonly unsafe struct Lane1(float value) : ISimd<Lane1>
{
    private const int AllOnes = -1;
    private readonly float value = value;

    public static int Count => 1;

    public static Lane1 Zero => default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane1 Create(float value) => new(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane1 Load(float* source) => new(*source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(float* destination) => *destination = value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Sum() => value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane1 operator +(Lane1 left, Lane1 right) => new(left.value + right.value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane1 operator -(Lane1 left, Lane1 right) => new(left.value - right.value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane1 operator *(Lane1 left, Lane1 right) => new(left.value * right.value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane1 operator /(Lane1 left, Lane1 right) => new(left.value / right.value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane1 operator -(Lane1 value) => new(-value.value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane1 MultiplyAdd(Lane1 a, Lane1 b, Lane1 c) => new(MathF.FusedMultiplyAdd(a.value, b.value, c.value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane1 Min(Lane1 left, Lane1 right) => new(MathF.Min(left.value, right.value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane1 Abs(Lane1 value) => new(MathF.Abs(value.value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane1 CopySign(Lane1 magnitude, Lane1 sign) => new(MathF.CopySign(magnitude.value, sign.value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane1 GreaterThanOrEqual(Lane1 left, Lane1 right) =>
        new(BitConverter.Int32BitsToSingle(left.value >= right.value ? AllOnes : 0));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane1 Select(Lane1 mask, Lane1 whenTrue, Lane1 whenFalse) =>
        BitConverter.SingleToInt32Bits(mask.value) != 0 ? whenTrue : whenFalse;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane1 Round(Lane1 value) => new(MathF.Round(value.value, MidpointRounding.ToEven));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lane1 PowerOfTwo(Lane1 n) => new(BitConverter.Int32BitsToSingle(((int)n.value + 127) << 23));
}
