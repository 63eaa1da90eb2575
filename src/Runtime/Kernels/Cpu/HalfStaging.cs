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

    // bfloat16 is the upper 16 bits of a float32: widening is a shift.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BFloat16ToFloat(ushort* source, float* destination, int count)
    {
        var i = 0;
        for (; i <= count - 16; i += 16)
        {
            var (lower, upper) = Vector256.Widen(Vector256.Load(source + i));
            (lower << 16).AsSingle().Store(destination + i);
            (upper << 16).AsSingle().Store(destination + i + 8);
        }
        for (; i < count; i++) destination[i] = BitConverter.Int32BitsToSingle(source[i] << 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FloatToBFloat16(float* source, ushort* destination, int count)
    {
        var i = 0;
        for (; i <= count - 16; i += 16)
        {
            var lower = RoundToBFloat16(Vector256.Load(source + i));
            var upper = RoundToBFloat16(Vector256.Load(source + i + 8));
            Vector256.Narrow(lower, upper).Store(destination + i);
        }
        for (; i < count; i++) destination[i] = RoundToBFloat16(source[i]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> RoundToBFloat16(Vector256<float> value)
    {
        var bits = value.AsUInt32();
        var rounded = (bits + Vector256.Create(0x7FFFu) + ((bits >> 16) & Vector256<uint>.One)) >> 16;
        // NaN must stay NaN: rounding could carry it into infinity.
        var nan = ~Vector256.Equals(value, value).AsUInt32();
        return Vector256.ConditionalSelect(nan, Vector256.Create(0x7FC0u), rounded);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort RoundToBFloat16(float value)
    {
        if (float.IsNaN(value)) return 0x7FC0;
        var bits = BitConverter.SingleToUInt32Bits(value);
        return (ushort)((bits + 0x7FFFu + ((bits >> 16) & 1u)) >> 16);
    }
}
