using System;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DyT.Kernels.Cpu;

/// <summary>
/// Widens float16/bfloat16 runs into a float32 buffer and narrows them back (round to nearest even), so that one
/// float32 kernel serves all three element types.
/// </summary>
internal static unsafe class HalfStaging
{
    /// <summary>Elements staged at a time: two buffers of this size live on the stack of each worker.</summary>
    public const int Chunk = 512;

    public static void ToFloat(DytElementType type, void* source, float* destination, int count)
    {
        if (type == DytElementType.Float16)
            TensorPrimitives.ConvertToSingle(new ReadOnlySpan<Half>(source, count), new Span<float>(destination, count));
        else
            BFloat16ToFloat((ushort*)source, destination, count);
    }

    public static void FromFloat(DytElementType type, float* source, void* destination, int count)
    {
        if (type == DytElementType.Float16)
            TensorPrimitives.ConvertToHalf(new ReadOnlySpan<float>(source, count), new Span<Half>(destination, count));
        else
            FloatToBFloat16(source, (ushort*)destination, count);
    }

    // bfloat16 is the upper 16 bits of a float32: widening is a shift. Vector256 where the hardware has it, Vector128
    // (ARM64's AdvSimd) otherwise, then one element at a time.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BFloat16ToFloat(ushort* source, float* destination, int count)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; i <= count - 16; i += 16)
            {
                var (lower, upper) = Vector256.Widen(Vector256.Load(source + i));
                (lower << 16).AsSingle().Store(destination + i);
                (upper << 16).AsSingle().Store(destination + i + 8);
            }
        for (; i <= count - 8; i += 8)
        {
            var (lower, upper) = Vector128.Widen(Vector128.Load(source + i));
            (lower << 16).AsSingle().Store(destination + i);
            (upper << 16).AsSingle().Store(destination + i + 4);
        }
        for (; i < count; i++) destination[i] = BitConverter.Int32BitsToSingle(source[i] << 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FloatToBFloat16(float* source, ushort* destination, int count)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; i <= count - 16; i += 16)
                Vector256.Narrow(RoundToBFloat16(Vector256.Load(source + i)), RoundToBFloat16(Vector256.Load(source + i + 8))).Store(destination + i);
        for (; i <= count - 8; i += 8)
            Vector128.Narrow(RoundToBFloat16(Vector128.Load(source + i)), RoundToBFloat16(Vector128.Load(source + i + 4))).Store(destination + i);
        for (; i < count; i++) destination[i] = RoundToBFloat16(source[i]);
    }

    // Round to nearest even on the upper 16 bits. NaN must stay NaN: rounding could carry it into infinity.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> RoundToBFloat16(Vector256<float> value)
    {
        var bits = value.AsUInt32();
        var rounded = (bits + Vector256.Create(0x7FFFu) + ((bits >> 16) & Vector256<uint>.One)) >> 16;
        return Vector256.ConditionalSelect(~Vector256.Equals(value, value).AsUInt32(), Vector256.Create(0x7FC0u), rounded);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> RoundToBFloat16(Vector128<float> value)
    {
        var bits = value.AsUInt32();
        var rounded = (bits + Vector128.Create(0x7FFFu) + ((bits >> 16) & Vector128<uint>.One)) >> 16;
        return Vector128.ConditionalSelect(~Vector128.Equals(value, value).AsUInt32(), Vector128.Create(0x7FC0u), rounded);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort RoundToBFloat16(float value)
    {
        if (float.IsNaN(value)) return 0x7FC0;
        var bits = BitConverter.SingleToUInt32Bits(value);
        return (ushort)((bits + 0x7FFFu + ((bits >> 16) & 1u)) >> 16);
    }
}
