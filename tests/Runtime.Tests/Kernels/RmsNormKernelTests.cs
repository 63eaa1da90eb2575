using System;
using System.Linq;
using System.Runtime.InteropServices;
using DyT.Kernels;
using DyT.Kernels.Cpu;

namespace DyT.Runtime.Tests.Kernels;

// The raw-pointer RMSNorm kernel against the float64 formulas at every vector width, with no TorchSharp involved.
public class RmsNormKernelTests
{
    private const double Eps = 1e-6;

    public static TheoryData<int, long, long> Shapes()
    {
        // rows, channels: a ragged tail, rows that run in parallel, rows longer than a staging chunk (512).
        (long, long)[] shapes = [(3, 13), (600, 384), (1200, 384), (70, 600), (5, 1100), (4000, 64), (2, 1)];
        var data = new TheoryData<int, long, long>();
        foreach (var width in KernelWidthData.AllWidths)
            foreach (var (rows, channels) in shapes)
                data.Add(width, rows, channels);
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Float32_forward_and_backward_match_float64(int width, long rows, long channels)
    {
        using var _ = KernelWidthData.Force(width);
        var problem = Problem.Random(DytShape.Rows(rows, channels), seed: 5);

        var result = problem.Run(DytElementType.Float32);

        problem.AssertMatches(result, relative: 1e-6);
    }

    public static TheoryData<int, DytElementType> HalfCases()
    {
        var data = new TheoryData<int, DytElementType>();
        foreach (var width in KernelWidthData.AllWidths)
            foreach (var type in new[] { DytElementType.Float16, DytElementType.BFloat16 })
                data.Add(width, type);
        return data;
    }

    [Theory]
    [MemberData(nameof(HalfCases))]
    public void Half_types_are_accumulated_in_float32_and_rounded_once(int width, DytElementType type)
    {
        using var _ = KernelWidthData.Force(width);
        foreach (var shape in new[] { DytShape.Rows(70, 600), DytShape.Rows(9, 1100) })
        {
            // Values up to 300: their squares overflow float16 (65,504), so the sums must be float32.
            var problem = Problem.Random(shape, seed: 9, scale: 300).In(type);

            var result = problem.Run(type);

            problem.AssertMatches(result, PointwiseKernelTests.HalfRounding(type), type == DytElementType.Float16 ? 6e-8 : 0);
        }
    }

    [Fact]
    public void Backward_reductions_give_the_same_bits_on_every_run()
    {
        var problem = Problem.Random(DytShape.Rows(3000, 256), seed: 13);
        var runs = Enumerable.Range(0, 4).Select(_ => problem.Run(DytElementType.Float32)).ToList();

        Assert.All(runs, run =>
        {
            Assert.Equal(runs[0].Y, run.Y);
            Assert.Equal(runs[0].Dx, run.Dx);
            Assert.Equal(runs[0].DWeight, run.DWeight);
        });
    }

    [Fact]
    public void A_row_of_zeros_is_scaled_by_one_over_sqrt_eps_in_the_backward()
    {
        var shape = DytShape.Rows(2, 8);
        var problem = Problem.Random(shape, seed: 2) with { X = new float[shape.Elements] };

        var result = problem.Run(DytElementType.Float32);

        Assert.All(result.Y, v => Assert.Equal(0f, v));
        problem.AssertMatches(result, relative: 1e-6);
        Assert.Equal(problem.Dy[0] * problem.Weight[0] / Math.Sqrt(Eps), result.Dx[0], 1e-6 * Math.Abs(result.Dx[0]));
    }

    [Fact]
    public unsafe void Bad_arguments_are_refused_with_what_was_expected()
    {
        var shapeError = Assert.Throws<ArgumentException>(() => RmsNormCpuKernel.Forward(DytElementType.Float32, null, null, new DytShape(2, 3, 4), Eps, null));
        Assert.Contains("inner extent 1", shapeError.Message);
        var epsError = Assert.Throws<ArgumentOutOfRangeException>(() => RmsNormCpuKernel.Forward(DytElementType.Float32, null, null, DytShape.Rows(0, 3), -1, null));
        Assert.Contains("eps must be a finite number >= 0; got -1", epsError.Message);
        var weightError = Assert.Throws<ArgumentNullException>(ForwardWithoutWeight);
        Assert.Equal("weight", weightError.ParamName);

        static void ForwardWithoutWeight()
        {
            var x = new float[6];
            fixed (float* px = x) RmsNormCpuKernel.Forward(DytElementType.Float32, px, px, DytShape.Rows(2, 3), Eps, null);
        }
    }

    [Fact]
    public unsafe void Empty_inputs_do_nothing_and_zero_dweight()
    {
        var (w, dw) = (new[] { 1f, 2f }, new[] { 5f, 5f });
        fixed (float* pw = w, pdw = dw)
        {
            RmsNormCpuKernel.Forward(DytElementType.Float32, null, null, DytShape.Rows(0, 2), Eps, pw);
            RmsNormCpuKernel.Backward(DytElementType.Float32, null, null, null, DytShape.Rows(0, 2), Eps, pw, pdw);
        }
        Assert.Equal(new[] { 0f, 0f }, dw);
    }

    /// <summary>One RMSNorm problem (x, dy, weight as float32 arrays, rounded to the element type) and its float64 answer.</summary>
    private sealed record Problem(DytShape Shape, float[] X, float[] Dy, float[] Weight)
    {
        public static Problem Random(DytShape shape, int seed, double scale = 3)
        {
            var random = new Random(seed);
            return new Problem(shape, DytReference.Random(random, shape.Elements, scale), DytReference.Random(random, shape.Elements),
                DytReference.Random(random, shape.Channels, 2));
        }

        public Problem In(DytElementType type) => this with { X = HalfBits.Round(type, X), Dy = HalfBits.Round(type, Dy) };

        public unsafe Result Run(DytElementType type)
        {
            var (y, dx, dw) = (new byte[X.Length * type.Size()], new byte[X.Length * type.Size()], new float[Shape.Channels]);
            var (x, dy) = (HalfBits.ToBytes(type, X), HalfBits.ToBytes(type, Dy));
            fixed (byte* px = x, pdy = dy, py = y, pdx = dx)
            fixed (float* pw = Weight, pdw = dw)
            {
                RmsNormCpuKernel.Forward(type, px, py, Shape, Eps, pw);
                RmsNormCpuKernel.Backward(type, px, pdy, pdx, Shape, Eps, pw, pdw);
            }
            return new Result(HalfBits.FromBytes(type, y), HalfBits.FromBytes(type, dx), dw);
        }

        public void AssertMatches(Result actual, double relative, double absolute = 0) =>
            RmsNormReference.AssertMatches(X, Dy, Weight, Eps, (int)Shape.Channels, actual.Y, actual.Dx, actual.DWeight, relative, absolute);
    }

    private sealed record Result(float[] Y, float[] Dx, float[] DWeight);
}
