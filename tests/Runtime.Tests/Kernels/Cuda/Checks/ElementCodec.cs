using System;
using DyT.Kernels;

namespace DyT.Runtime.Tests.Kernels.Cuda.Checks;

/// <summary>float values to and from the bytes of an element type (float16 and bfloat16 round to nearest even).</summary>
internal static class ElementCodec
{
    public static byte[] Encode(DytElementType type, ReadOnlySpan<float> values)
    {
        var bytes = new byte[values.Length * type.Size()];
        for (var i = 0; i < values.Length; i++)
        {
            if (type == DytElementType.Float32) BitConverter.TryWriteBytes(bytes.AsSpan(4 * i), values[i]);
            else BitConverter.TryWriteBytes(bytes.AsSpan(2 * i), Half16(type, values[i]));
        }
        return bytes;
    }

    public static float[] Decode(DytElementType type, ReadOnlySpan<byte> bytes)
    {
        var values = new float[bytes.Length / type.Size()];
        for (var i = 0; i < values.Length; i++)
            values[i] = type switch
            {
                DytElementType.Float32 => BitConverter.ToSingle(bytes[(4 * i)..]),
                DytElementType.Float16 => (float)BitConverter.UInt16BitsToHalf(BitConverter.ToUInt16(bytes[(2 * i)..])),
                _ => BitConverter.Int32BitsToSingle(BitConverter.ToUInt16(bytes[(2 * i)..]) << 16),
            };
        return values;
    }

    /// <summary>The values as the element type holds them.</summary>
    public static float[] Round(DytElementType type, float[] values) =>
        type == DytElementType.Float32 ? values : Decode(type, Encode(type, values));

    private static ushort Half16(DytElementType type, float value)
    {
        if (type == DytElementType.Float16) return BitConverter.HalfToUInt16Bits((Half)value);
        var bits = BitConverter.SingleToUInt32Bits(value);
        if ((bits & 0x7fffffffu) > 0x7f800000u) return 0x7fc0;
        return (ushort)((bits + 0x7fffu + ((bits >> 16) & 1u)) >> 16);
    }
}
