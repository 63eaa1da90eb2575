using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DyT.Kernels.Cpu.Simd;

/// <summary>Four float32 lanes: SSE/AVX on x64, AdvSimd (NEON) on ARM64.</summary>
internal readonly unsafe struct Lanes128(Vector128<float> value) : ISimd<Lanes128>
{
    private readonly Vector128<float> value = value;

    public static int Count => Vector128<float>.Count;

    public static Lanes128 Zero => new(Vector128<float>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128 Create(float value) => new(Vector128.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128 Load(float* source) => new(Vector128.Load(source));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(float* destination) => value.Store(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Sum() => Vector128.Sum(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128 operator +(Lanes128 left, Lanes128 right) => new(left.value + right.value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128 operator -(Lanes128 left, Lanes128 right) => new(left.value - right.value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128 operator *(Lanes128 left, Lanes128 right) => new(left.value * right.value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128 operator /(Lanes128 left, Lanes128 right) => new(left.value / right.value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128 operator -(Lanes128 value) => new(-value.value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128 MultiplyAdd(Lanes128 a, Lanes128 b, Lanes128 c) => new(Vector128.FusedMultiplyAdd(a.value, b.value, c.value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128 Min(Lanes128 left, Lanes128 right) => new(Vector128.MinNative(left.value, right.value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128 Abs(Lanes128 value) => new(Vector128.Abs(value.value));

    // The sign bit from `sign`, every other bit from `magnitude` (one vpternlogd with AVX-512).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128 CopySign(Lanes128 magnitude, Lanes128 sign) =>
        new(Vector128.ConditionalSelect(Vector128.Create(-0f), sign.value, magnitude.value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128 GreaterThanOrEqual(Lanes128 left, Lanes128 right) => new(Vector128.GreaterThanOrEqual(left.value, right.value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128 Select(Lanes128 mask, Lanes128 whenTrue, Lanes128 whenFalse) =>
        new(Vector128.ConditionalSelect(mask.value, whenTrue.value, whenFalse.value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128 Round(Lanes128 value) => new(Vector128.Round(value.value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128 PowerOfTwo(Lanes128 n) => new(((Vector128.ConvertToInt32Native(n.value) + Vector128.Create(127)) << 23).AsSingle());
}
