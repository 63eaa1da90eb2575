using System;
using System.Linq;
using DyT.Kernels;
using DyT.Kernels.Cpu;

namespace DyT.Runtime.Tests.Kernels;

public class HalfStagingTests
{
    // 29 elements: one 16-wide step, one 8-wide step and five single ones.
    private static readonly float[] Values =
    [
        1f, -2.5f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, -0f, 1e-40f,
        BitConverter.Int32BitsToSingle(0x3F808000), // a tie: rounds to even (0x3F80)
        BitConverter.Int32BitsToSingle(0x3F818000), // a tie: rounds to even (0x3F82)
        BitConverter.Int32BitsToSingle(0x7F7FFFFF), // float.MaxValue rounds up to infinity
        3.14159f, 65504f, 70000f, 1e-8f, -1e30f, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f, 1.1f, 1.2f, 1.3f, float.NaN,
    ];

    [Theory]
    [InlineData(DytElementType.Float16)]
    [InlineData(DytElementType.BFloat16)]
    public unsafe void Narrowing_rounds_to_nearest_even_keeps_nan_and_widening_is_exact(DytElementType type)
    {
        var narrowed = new ushort[Values.Length];
        var widened = new float[Values.Length];
        fixed (float* source = Values, back = widened)
        fixed (ushort* halves = narrowed)
        {
            HalfStaging.FromFloat(type, source, halves, Values.Length);
            HalfStaging.ToFloat(type, halves, back, Values.Length);
        }

        // The scalar conversions of .NET (float16) and the bit-level definition (bfloat16) are the reference.
        var expected = HalfBits.Encode(type, Values);
        for (var i = 0; i < Values.Length; i++)
        {
            if (float.IsNaN(Values[i])) Assert.True(float.IsNaN(widened[i]), $"element {i}: NaN became {widened[i]}");
            else Assert.Equal(expected[i], narrowed[i]);
        }
        Assert.Equal(HalfBits.Decode(type, narrowed), widened);
        if (type == DytElementType.BFloat16)
        {
            Assert.Equal((ushort)0x3F80, narrowed[8]);
            Assert.Equal((ushort)0x3F82, narrowed[9]);
            Assert.Equal(float.PositiveInfinity, widened[10]);
        }
    }
}
