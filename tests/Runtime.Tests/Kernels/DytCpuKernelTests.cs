using System;
using System.Linq;
using DyT.Kernels;
using DyT.Kernels.Cpu;

namespace DyT.Runtime.Tests.Kernels;

// The raw-pointer kernel against the float64 formulas, with no TorchSharp involved.
public unsafe class DytCpuKernelTests
{
    public static TheoryData<long, long, long, bool, bool> Shapes => new()
    {
        // outer, channels, inner, affine, bias: rows with ragged tails, large rows and planes (parallel above
        // WorkPlan.SerialElements), small planes, no affine.
        { 3, 13, 1, true, true },
        { 600, 384, 1, true, true },
        { 1200, 384, 1, true, true },
        { 4, 8, 10_000, true, false },
        { 1, 1, 400_000, false, false },
        { 600, 384, 1, true, false },
        { 257, 100, 1, false, false },
        { 2, 3, 49, true, true },
        { 4, 8, 3000, true, true },
        { 1, 1, 200_000, true, true },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Float32_forward_and_backward_match_the_float64_formulas(long outer, long channels, long inner, bool affine, bool hasBias)
    {
        var random = new Random(7);
        var shape = new DytShape(outer, channels, inner);
        var x = DytReference.Random(random, shape.Elements, 4);
        var dy = DytReference.Random(random, shape.Elements);
        var w = affine ? DytReference.Random(random, channels, 2) : null;
        var b = affine && hasBias ? DytReference.Random(random, channels) : null;
        const float alpha = 0.7f;
        var (y, dx, dw, db) = (new float[x.Length], new float[x.Length], new float[channels], new float[channels]);

        double dalpha;
        fixed (float* px = x, pdy = dy, pw = w, pb = b, py = y, pdx = dx, pdw = dw, pdb = db)
        {
            DytCpuKernel.Forward(DytElementType.Float32, px, py, shape, alpha, pw, pb);
            dalpha = DytCpuKernel.Backward(DytElementType.Float32, px, pdy, pdx, shape, alpha, pw,
                affine ? pdw : null, affine && hasBias ? pdb : null);
        }

        DytReference.Close(DytReference.Forward(x, channels, inner, alpha, w, b), y, 1e-6, 1e-6, "y");
        var expected = DytReference.Backward(x, dy, channels, inner, alpha, w);
        DytReference.Close(expected.Dx, dx, 1e-6, 1e-5, "dx");
        var count = (double)shape.Elements / channels;
        Assert.Equal(expected.DAlpha, dalpha, 1e-6 * shape.Elements);
        if (!affine) return;
        DytReference.Close(expected.DWeight, dw, 1e-6 * count, 1e-5, "dweight");
        if (hasBias) DytReference.Close(expected.DBias, db, 1e-6 * count, 1e-5, "dbias");
    }

    [Theory]
    [InlineData(DytElementType.Float16, 2e-3)]
    [InlineData(DytElementType.BFloat16, 1.6e-2)]
    public void Half_types_are_computed_in_float32_and_rounded_once(DytElementType type, double tolerance)
    {
        var random = new Random(3);
        var shape = DytShape.Rows(70, 600); // rows longer than one staging chunk
        var x = DytReference.Random(random, shape.Elements, 3);
        var w = DytReference.Random(random, shape.Channels);
        var b = DytReference.Random(random, shape.Channels);
        var (xh, yh) = (Encode(type, x), new ushort[x.Length]);
        var exact = Decode(type, xh); // what the kernel sees after the input was rounded

        fixed (ushort* px = xh, py = yh)
        fixed (float* pw = w, pb = b)
            DytCpuKernel.Forward(type, px, py, shape, 0.5f, pw, pb);

        DytReference.Close(DytReference.Forward(exact, shape.Channels, 1, 0.5, w, b), Decode(type, yh), tolerance, tolerance, "y");
    }

    [Fact]
    public void Backward_reductions_give_the_same_bits_on_every_run()
    {
        var random = new Random(11);
        var shape = DytShape.Rows(3000, 256);
        var x = DytReference.Random(random, shape.Elements, 3);
        var dy = DytReference.Random(random, shape.Elements);
        var w = DytReference.Random(random, shape.Channels);
        var runs = Enumerable.Range(0, 4).Select(_ => Float32Backward.Run(shape, x, dy, w, 0.5f)).ToList();

        Assert.All(runs, run => run.AssertSameBits(runs[0]));
    }

    [Fact]
    public void Empty_inputs_do_nothing_and_zero_the_parameter_gradients()
    {
        var (w, dw, db) = (new[] { 1f, 2f }, new[] { 5f, 5f }, new[] { 5f, 5f });
        fixed (float* pw = w, pdw = dw, pdb = db)
        {
            DytCpuKernel.Forward(DytElementType.Float32, null, null, DytShape.Rows(0, 2), 0.5f, pw, null);
            Assert.Equal(0, DytCpuKernel.Backward(DytElementType.Float32, null, null, null, DytShape.Rows(0, 2), 0.5f, pw, pdw, pdb));
        }
        Assert.Equal(new[] { 0f, 0f }, dw);
        Assert.Equal(new[] { 0f, 0f }, db);
    }

    [Fact]
    public void Null_data_for_a_non_empty_shape_names_the_argument()
    {
        var error = Assert.Throws<ArgumentNullException>(() =>
            DytCpuKernel.Forward(DytElementType.Float32, null, null, DytShape.Rows(2, 2), 0.5f, null, null));

        Assert.Equal("x", error.ParamName);
        Assert.Contains("must point to 4 elements; got null", error.Message);
    }

    private static ushort[] Encode(DytElementType type, float[] values) => values.Select(v => type == DytElementType.Float16
        ? BitConverter.HalfToUInt16Bits((Half)v)
        : HalfStaging.RoundToBFloat16(v)).ToArray();

    private static float[] Decode(DytElementType type, ushort[] bits) => bits.Select(v => type == DytElementType.Float16
        ? (float)BitConverter.UInt16BitsToHalf(v)
        : BitConverter.Int32BitsToSingle(v << 16)).ToArray();
}
