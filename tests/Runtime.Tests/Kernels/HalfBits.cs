using System;
using System.Linq;
using System.Runtime.InteropServices;
using DyT.Kernels;
using DyT.Kernels.Cpu;

namespace DyT.Runtime.Tests.Kernels;

/// <summary>float16 and bfloat16 element arrays for the raw kernels: rounding to nearest even, and back.</summary>
internal static class HalfBits
{
    public static ushort[] Encode(DytElementType type, float[] values) => values.Select(v => type == DytElementType.Float16
        ? BitConverter.HalfToUInt16Bits((Half)v)
        : HalfStaging.RoundToBFloat16(v)).ToArray();

    public static float[] Decode(DytElementType type, ushort[] bits) => bits.Select(v => type == DytElementType.Float16
        ? (float)BitConverter.UInt16BitsToHalf(v)
        : BitConverter.Int32BitsToSingle(v << 16)).ToArray();

    /// <summary>The bytes of <paramref name="values"/> stored as <paramref name="type"/>, for the raw kernels.</summary>
    public static byte[] ToBytes(DytElementType type, float[] values) => type == DytElementType.Float32
        ? MemoryMarshal.AsBytes(values.AsSpan()).ToArray()
        : MemoryMarshal.AsBytes(Encode(type, values).AsSpan()).ToArray();

    /// <summary>Elements of <paramref name="type"/> read back from <paramref name="bytes"/> as float32.</summary>
    public static float[] FromBytes(DytElementType type, byte[] bytes) => type == DytElementType.Float32
        ? MemoryMarshal.Cast<byte, float>(bytes).ToArray()
        : Decode(type, MemoryMarshal.Cast<byte, ushort>(bytes).ToArray());

    /// <summary>What the kernel sees of <paramref name="values"/> in <paramref name="type"/>.</summary>
    public static float[] Round(DytElementType type, float[] values) =>
        type == DytElementType.Float32 ? values : Decode(type, Encode(type, values));
}
